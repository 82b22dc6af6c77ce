package com.accessauditor.support;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The ExecutionContext the Functions host would pass, with its log lines kept for assertions. */
public final class TestExecutionContext implements ExecutionContext {
  private final Logger logger = Logger.getAnonymousLogger();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  public TestExecutionContext() {
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return "test-invocation";
  }

  @Override
  public String getFunctionName() {
    return "test";
  }
}

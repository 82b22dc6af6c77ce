package com.accessauditor.functions;

import com.accessauditor.model.Text;
import com.microsoft.azure.functions.ExecutionContext;
import java.util.logging.Logger;

/**
 * The invocation's log, one entry per message: every message is written on one line with control characters
 * shown as escapes, so a value from an event or the directory cannot forge a log line or a terminal escape.
 */
final class FunctionLog {
  private final Logger logger;

  FunctionLog(ExecutionContext context) {
    this.logger = context.getLogger();
  }

  void info(String message) {
    logger.info(Text.safe(message));
  }

  void warning(String message) {
    logger.warning(Text.safe(message));
  }

  void severe(String message) {
    logger.severe(Text.safe(message));
  }
}

package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.support.TestExecutionContext;

/** For the benches: the Event Grid function as the host calls it, with an app of the bench's making. */
public final class EventCaptureFunctionAccess {
  private EventCaptureFunctionAccess() {}

  public static void run(AuditorApp app, String event) {
    new EventCaptureFunction(() -> app).run(event, new TestExecutionContext());
  }
}

package com.accessauditor.functions;

import com.accessauditor.app.AuditorApp;
import com.accessauditor.events.EventResult;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.util.List;
import java.util.function.Supplier;

/**
 * Event Grid trigger for the subscription system topic (the host answers the validation handshake).
 * A malformed event is kept in the poison table and the invocation succeeds, so Event Grid does not
 * retry it for 24 hours; a Table Storage outage fails the invocation, so Event Grid redelivers.
 */
public final class EventCaptureFunction {
  private final Supplier<AuditorApp> app;

  public EventCaptureFunction() {
    this(AppHolder::app);
  }

  EventCaptureFunction(Supplier<AuditorApp> app) {
    this.app = app;
  }

  @FunctionName("captureResourceEvent")
  public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    List<EventResult> results = app.get().capture().handle(event, "eventgrid");
    for (EventResult r : results) {
      String line = "event " + r.eventId() + " " + r.status() + ": " + r.message();
      if (r.status() == EventResult.Status.POISONED) {
        new FunctionLog(context).warning(line);
      } else {
        new FunctionLog(context).info(line);
      }
      r.findings().forEach(f -> new FunctionLog(context).info(
          "finding " + f.fingerprint() + " " + f.severity().label() + " " + f.kind() + ": " + f.title()));
    }
  }
}

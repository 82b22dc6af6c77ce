package com.accessauditor.support;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A channel that confirms every alert and keeps what it was sent, in order (workers may send at once). */
public final class RecordingChannel implements AlertChannel {
  private final String name;
  private final List<Alert> sent = Collections.synchronizedList(new ArrayList<>());

  public RecordingChannel(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Alert alert) {
    sent.add(alert);
  }

  /** What was sent so far, oldest first. */
  public List<Alert> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** "OPENED 1f0c…" per alert sent: its kind and its finding's fingerprint. */
  public List<String> told() {
    return sent().stream().map(a -> a.kind() + " " + a.finding().fingerprint()).toList();
  }
}

package com.accessauditor.memory;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertOutbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** `--store memory`: the alert outbox for the life of the process. */
public final class InMemoryAlertOutbox implements AlertOutbox {
  private final Map<String, Alert> rows = new ConcurrentHashMap<>();

  @Override
  public boolean add(Alert alert) {
    return rows.putIfAbsent(alert.channel() + "/" + alert.id(), alert) == null;
  }

  @Override
  public void update(Alert alert) {
    rows.put(alert.channel() + "/" + alert.id(), alert);
  }

  @Override
  public List<Alert> due(Instant now) {
    return rows.values().stream().filter(a -> a.status() == Alert.Status.PENDING)
        .filter(a -> !a.nextAttemptAt().isAfter(now)).sorted(Comparator.comparing(Alert::createdAt)).toList();
  }

  @Override
  public boolean claim(Alert alert, Instant until) {
    // Taken only if nobody changed it since `due` returned it (what it carries for sending may differ).
    boolean[] taken = {false};
    rows.computeIfPresent(alert.channel() + "/" + alert.id(), (k, stored) -> {
      if (stored.status() != Alert.Status.PENDING || !stored.nextAttemptAt().equals(alert.nextAttemptAt())
          || stored.attempts() != alert.attempts()) {
        return stored;
      }
      taken[0] = true;
      return stored.claimedUntil(until);
    });
    return taken[0];
  }

  @Override
  public List<Alert> forFinding(String fingerprint) {
    return rows.values().stream().filter(a -> a.finding().fingerprint().equals(fingerprint)).toList();
  }

  @Override
  public List<Alert> list() {
    List<Alert> all = new ArrayList<>(rows.values());
    all.sort(Comparator.comparing(Alert::createdAt));
    return all;
  }
}

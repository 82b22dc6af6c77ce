package com.accessauditor.alerts;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One alert per root problem. A due alert about a finding that follows from another ({@code causedBy}) is
 * not sent on its own: it is told in its root's alert when that is due too, or in one follow-up on the
 * root's thread when the root was told before. One whose root has not been alerted yet waits for it, up to
 * {@link #HOLD} (a sweep's workers write before its final step does), and is then sent on its own, so a root
 * that never comes, or is suppressed, silences nothing for longer than that.
 */
final class ConsequenceJoin {
  /** Longer than the gap between a run's workers and its final step. */
  static final Duration HOLD = Duration.ofHours(1);

  /**
   * @param send what goes to the channels now, roots carrying their consequences
   * @param joined per alert in {@code send} (channel/id), the consequence alerts it tells: marked joined once
   *     its outcome is recorded
   * @param held consequences waiting for their root
   */
  record Plan(List<Alert> send, Map<String, List<Alert>> joined, List<Alert> held) {}

  private ConsequenceJoin() {}

  /**
   * @param alertsOf every alert of a finding (the outbox's one-partition read), asked only for roots not due
   */
  static Plan plan(List<Alert> due, Function<String, List<Alert>> alertsOf, Instant now) {
    Map<String, Alert> roots = new LinkedHashMap<>();
    List<Alert> consequences = new ArrayList<>();
    for (Alert a : due) {
      if (a.finding().causedBy().isPresent() && a.kind() != AlertKind.FOLLOW_UP) {
        consequences.add(a);
      } else {
        roots.put(a.channel() + "/" + a.finding().fingerprint(), a);
      }
    }
    Map<String, List<Alert>> byRoot = new LinkedHashMap<>();
    Map<String, Alert> followUps = new LinkedHashMap<>();
    List<Alert> held = new ArrayList<>();
    List<Alert> alone = new ArrayList<>();
    Map<String, List<Alert>> earlier = new LinkedHashMap<>();
    for (Alert c : consequences) {
      String root = c.finding().causedBy().get();
      String key = c.channel() + "/" + root;
      Alert dueRoot = roots.get(key);
      if (dueRoot != null && dueRoot.kind() != AlertKind.RESOLVED) {
        byRoot.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        continue;
      }
      List<Alert> told = earlier.computeIfAbsent(key, k -> alertsOf.apply(root).stream()
          .filter(a -> a.channel().equals(c.channel()))
          .filter(a -> a.status() == Alert.Status.SENT || a.status() == Alert.Status.PENDING).toList());
      Optional<Alert> last = told.stream().max(Comparator.comparing(Alert::createdAt));
      if (last.isPresent() && last.get().kind() != AlertKind.RESOLVED) {
        byRoot.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        followUps.putIfAbsent(key, last.get());
      } else if (c.createdAt().plus(HOLD).isAfter(now)) {
        held.add(c);
      } else {
        alone.add(c);
      }
    }
    List<Alert> send = new ArrayList<>();
    Map<String, List<Alert>> joined = new LinkedHashMap<>();
    for (Alert r : roots.values()) {
      List<Alert> with = byRoot.getOrDefault(r.channel() + "/" + r.finding().fingerprint(), List.of());
      if (with.isEmpty()) {
        send.add(r);
      } else {
        Alert told = r.withConsequences(merge(r.consequences(), with, Set.of()));
        send.add(told);
        joined.put(key(told), with);
      }
    }
    for (Map.Entry<String, Alert> f : followUps.entrySet()) {
      List<Alert> with = byRoot.get(f.getKey());
      Set<String> toldBefore = new HashSet<>();
      earlier.get(f.getKey()).forEach(a -> a.consequences().forEach(c -> toldBefore.add(c.fingerprint())));
      List<Alert.Consequence> fresh = merge(List.of(), with, toldBefore);
      Alert up = followUp(f.getValue(), fresh, now);
      if (fresh.isEmpty()) {
        joined.computeIfAbsent("", k -> new ArrayList<>()).addAll(with); // told already (a retry after a crash)
      } else {
        send.add(up);
        joined.put(key(up), with);
      }
    }
    send.addAll(alone);
    return new Plan(send, joined, held);
  }

  static String key(Alert a) {
    return a.channel() + "/" + a.id();
  }

  /** The root's thread gets one more message: what followed from it since it was told. */
  private static Alert followUp(Alert root, List<Alert.Consequence> fresh, Instant now) {
    Finding f = root.finding();
    String id = Fingerprint.hash(f.fingerprint() + "\n" + AlertKind.FOLLOW_UP + "\n"
        + String.join(",", fresh.stream().map(Alert.Consequence::fingerprint).sorted().toList()));
    return new Alert(id, root.channel(), AlertKind.FOLLOW_UP, f, now, Alert.Status.PENDING, 0, now,
        Optional.empty(), fresh);
  }

  private static List<Alert.Consequence> merge(List<Alert.Consequence> already, List<Alert> with, Set<String> skip) {
    Map<String, Alert.Consequence> out = new LinkedHashMap<>();
    already.forEach(c -> out.put(c.fingerprint(), c));
    with.stream().map(Alert::finding)
        .sorted(java.util.Comparator.comparing(Finding::severity).thenComparing(Finding::title))
        .filter(f -> !skip.contains(f.fingerprint()))
        .forEach(f -> out.putIfAbsent(f.fingerprint(), Alert.Consequence.of(f)));
    return List.copyOf(out.values());
  }
}

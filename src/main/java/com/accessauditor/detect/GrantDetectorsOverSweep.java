package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs the per-assignment rules of the event path over every swept assignment, so both paths agree. */
final class GrantDetectorsOverSweep implements SweepDetector {
  private final List<GrantDetector> detectors;

  GrantDetectorsOverSweep(List<GrantDetector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  @Override
  public Set<FindingKind> kinds() {
    return detectors.stream().map(GrantDetector::kind).collect(Collectors.toCollection(
        () -> EnumSet.noneOf(FindingKind.class)));
  }

  /** Each grant is judged on its own, with the roles assignable where it is. */
  @Override
  public Reach reach() {
    return Reach.SUBSCRIPTION;
  }

  /** What its rules need, together (their {@link DetectorInfo}). */
  @Override
  public Set<Facet> needs() {
    Set<Facet> needs = EnumSet.noneOf(Facet.class);
    detectors.forEach(d -> needs.addAll(List.of(d.info().needs())));
    return needs;
  }

  @Override
  public boolean resolvesWhenGone() {
    return true;
  }

  /** Plumbing, not a rule of its own: it has no {@link DetectorInfo}. */
  @Override
  public DetectorInfo info() {
    throw new UnsupportedOperationException("GrantDetectorsOverSweep runs " + detectors + "; ask them");
  }

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    facts.assignments().forEach(a -> {
      GrantFacts grant = new GrantFacts(a, facts.roleName(a), facts.definition(a), facts.principal(a.principalId())
          .found(), FindingDraft.Source.SWEEP, Optional.empty(), facts.pim().activationOf(a));
      detectors.forEach(d -> d.inspect(grant).ifPresent(out::add));
    });
    return out;
  }
}

package com.accessauditor.detect;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A rule over the whole swept tenant. It reads facts and reports drafts; it never writes or alerts. */
public interface SweepDetector extends Detector {
  /** The data without which this detector's silence means nothing. */
  default Set<Facet> needs() {
    Facet[] needs = info().needs();
    return needs.length == 0 ? EnumSet.noneOf(Facet.class) : EnumSet.copyOf(List.of(needs));
  }

  List<FindingDraft> inspect(SweepFacts facts);

  /**
   * For a tenant-wide detector: whether the final step keeps this assignment from the subscription it
   * streams (besides those of the principals it joins on), because the detector judges it with the tenant.
   *
   * @param chunk the facts of the subscription being streamed
   */
  default boolean joins(RoleAssignment a, SweepFacts chunk) {
    return false;
  }

  /**
   * For a tenant-wide detector: the principals whose every grant the final step must keep, decided by a
   * worker from its own subscription (who may attach the identities there, say), so the final step keeps
   * their grants from any subscription it streams, before or after.
   */
  default Set<PrincipalId> joinsOn(SweepFacts subscription) {
    return Set.of();
  }

  /**
   * The groups whose members this detector names in its findings (read from the directory before it runs,
   * into {@link SweepFacts#groupMembers()}); few, or none.
   */
  default Set<PrincipalId> namesMembersOf(SweepFacts facts) {
    return Set.of();
  }

  /** What must have been read to call this stored finding gone: {@link #needs()}, unless a finding needs more. */
  default Set<Facet> needsToResolve(Finding finding) {
    return needs();
  }

  /** Whether a sweep of one subscription may run it alone (see {@link Reach}). */
  default Reach reach() {
    return info().reach();
  }

  /**
   * True for states (resolved once the cause is gone); false for notices about something that happened
   * (a changed role, a missed event), which stay until someone acts on them.
   */
  default boolean resolvesWhenGone() {
    return info().resolvesWhenGone();
  }
}

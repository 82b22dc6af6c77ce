package com.accessauditor.sweep;

import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.inventory.Directory;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of the groups detectors name in their findings (an escalation path through a group), read
 * from the directory before they run: one call per group, for the few groups asked, never the directory.
 */
final class GroupMembersRead {
  /** More groups than this on paths is a tenant to read with who-can, not a finding's detail. */
  static final int MAX_GROUPS = 200;

  private GroupMembersRead() {}

  static SweepFacts of(List<SweepDetector> detectors, SweepFacts facts, Directory directory) {
    Set<PrincipalId> groups = new LinkedHashSet<>();
    for (SweepDetector d : detectors) {
      try {
        groups.addAll(d.namesMembersOf(facts));
      } catch (RuntimeException e) {
        // Its inspect will fail the same way and be reported; the members are only its detail.
      }
    }
    if (groups.isEmpty()) {
      return facts;
    }
    Map<PrincipalId, Lookup<List<Principal>>> members = new LinkedHashMap<>();
    groups.stream().limit(MAX_GROUPS).forEach(g -> members.put(g, directory.membersOf(g)));
    return facts.withGroupMembers(members);
  }
}

package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.DeclaredGrant;
import com.accessauditor.baseline.PrincipalRef;
import com.accessauditor.baseline.Tolerance;
import com.accessauditor.inventory.Directory;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Text;
import com.accessauditor.rbac.RoleCatalogue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A baseline's names checked before anything is swept: a role or a principal that does not exist is a
 * typo, and swept anyway it would read as "declared grant missing" beside a false "unexpected assignment".
 * What cannot be checked (the directory could not be asked) is let through, never called wrong.
 */
final class BaselineCheck {
  private BaselineCheck() {}

  /**
   * @param tenantRoles the tenant's role definitions (custom roles), empty when they could not be read
   * @param namesSeen display names and UPNs (lower case) of principals the sweep already found: only
   *     other names cost a directory search
   * @return one message per wrong entry, naming it ("assignments[2]") and the closest real name
   */
  static List<String> problems(Baseline baseline, Optional<Collection<RoleDefinition>> tenantRoles,
      Directory directory, Set<String> namesSeen, Set<PrincipalId> idsSeen) {
    return problems(baseline, tenantRoles, Optional.of(directory), namesSeen, idsSeen);
  }

  /** What a caller refusing the baseline says: what was not done, then each wrong entry on its own line. */
  static String refusal(String notDone, List<String> wrong) {
    return "the baseline cannot be used; " + notDone + ":\n  " + String.join("\n  ", wrong);
  }

  /** Its role names only: the run's start checked its principals with the directory already. */
  static List<String> roleProblems(Baseline baseline, Collection<RoleDefinition> tenantRoles) {
    return problems(baseline, Optional.of(tenantRoles), Optional.empty(), Set.of(), Set.of());
  }

  private static List<String> problems(Baseline baseline, Optional<Collection<RoleDefinition>> tenantRoles,
      Optional<Directory> asked, Set<String> namesSeen, Set<PrincipalId> idsSeen) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> guids = new LinkedHashSet<>();
    RoleCatalogue.builtIns().forEach(d -> add(d, names, guids));
    tenantRoles.ifPresent(roles -> roles.forEach(d -> add(d, names, guids)));
    // The declared object ids nobody has looked up yet, asked in batches of 1,000, not one call each.
    Set<PrincipalId> gone = asked.map(directory -> absent(baseline, directory, idsSeen)).orElse(Set.of());
    List<String> out = new ArrayList<>();
    for (DeclaredGrant g : baseline.grants()) {
      role(g.entry(), g.role(), names, guids, tenantRoles.isPresent()).ifPresent(out::add);
      asked.flatMap(directory -> principal(g.entry(), g.principal(), directory, namesSeen, gone)).ifPresent(out::add);
    }
    for (Tolerance t : baseline.tolerated()) {
      t.role().flatMap(r -> role(t.entry(), r, names, guids, tenantRoles.isPresent())).ifPresent(out::add);
      t.principal().flatMap(p -> asked.flatMap(directory -> principal(t.entry(), p, directory, namesSeen, gone)))
          .ifPresent(out::add);
    }
    return out.stream().map(p -> baseline.source() + ": " + p).toList();
  }

  /** The object ids the baseline names, in its grants and its tolerances. */
  static Set<PrincipalId> objectIds(Baseline baseline) {
    Set<PrincipalId> ids = new LinkedHashSet<>();
    baseline.grants().forEach(g -> {
      if (g.principal() instanceof PrincipalRef.ObjectId o) {
        ids.add(o.id());
      }
    });
    baseline.tolerated().forEach(t -> t.principal().ifPresent(p -> {
      if (p instanceof PrincipalRef.ObjectId o) {
        ids.add(o.id());
      }
    }));
    return ids;
  }

  /** Of the baseline's object ids not seen, those the directory answered for and did not find. */
  private static Set<PrincipalId> absent(Baseline baseline, Directory directory, Set<PrincipalId> idsSeen) {
    Set<PrincipalId> ask = objectIds(baseline);
    ask.removeAll(idsSeen);
    if (ask.isEmpty()) {
      return Set.of();
    }
    com.accessauditor.inventory.PrincipalBatch batch = directory.principals(ask);
    Set<PrincipalId> gone = new LinkedHashSet<>(ask);
    gone.removeAll(batch.found().keySet());
    gone.removeAll(batch.unanswered()); // not asked is not gone
    return gone;
  }

  private static void add(RoleDefinition d, Set<String> names, Set<String> guids) {
    names.add(d.roleName());
    guids.add(d.guid());
  }

  private static Optional<String> role(String entry, String role, Set<String> names, Set<String> guids,
      boolean customRolesRead) {
    String r = role.trim();
    if (PrincipalId.isGuid(r) || r.contains("/")) {
      String guid = RoleDefinition.guidOf(r);
      return guids.contains(guid) || !customRolesRead ? Optional.empty()
          : Optional.of(entry + ": no role definition " + Text.clip(r) + " in the tenant or among the built-in roles");
    }
    if (names.stream().anyMatch(n -> n.equalsIgnoreCase(r)) || !customRolesRead) {
      // Without the tenant's list, a name that is no built-in role may still be one of its custom roles.
      return Optional.empty();
    }
    return Optional.of(entry + ": no role named '" + Text.clip(r) + "'" + closest(r, names)
        .map(c -> "; did you mean '" + c + "'?").orElse(" (az role definition list --query [].roleName)"));
  }

  private static Optional<String> principal(String entry, PrincipalRef ref, Directory directory,
      Set<String> namesSeen, Set<PrincipalId> gone) {
    if (ref instanceof PrincipalRef.DisplayName n) {
      if (namesSeen.contains(n.name().trim().toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
      Lookup<List<Principal>> named = directory.principalsNamed(n.name());
      return named.found().filter(List::isEmpty).map(none -> entry + ": no user, group or service principal is"
          + " named '" + Text.clip(n.name()) + "'; give its object id or the exact display name");
    }
    if (ref instanceof PrincipalRef.ObjectId o) {
      // Looked up with the sweep's batch when it holds a role; the others were asked together above.
      return gone.contains(o.id())
          ? Optional.of(entry + ": no principal with object id " + o.id() + " in the directory")
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** The nearest name by edit distance, when near enough to be a typo of it. */
  static Optional<String> closest(String typed, Collection<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = distance(t, n.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    return best != null && bestDistance <= Math.max(2, t.length() / 4) ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 8 || a.length() > 200 || b.length() > 200) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}

package com.accessauditor.whocan;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.RoleCatalogue;
import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.ScopeTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reverse of a diagnosis: every principal allowed to do an action at a scope, directly, inherited from
 * a parent scope (management groups included), through a group with its members, by PIM eligibility, and
 * (asked to) by acting as a managed identity that may. On the one role evaluator: control-plane roles do
 * not grant data actions, NotActions and deny assignments apply, a condition makes it possible, not certain.
 */
public final class WhoCanService {
  private final AuthorizationReader authorization;
  private final Directory directory;
  private final Optional<IdentityPaths> paths;

  public WhoCanService(AuthorizationReader authorization, Directory directory, Optional<IdentityPaths> paths) {
    this.authorization = authorization;
    this.directory = directory;
    this.paths = paths;
  }

  /** A grant that lets its principal do it: active or eligible, made to the principal or to its group. */
  record Grant(PrincipalId principalId, String principalType, String role, Scope scope, boolean eligible,
      Optional<String> condition) {
    How how(Scope target) {
      return eligible ? How.ELIGIBLE : scope.equals(target) ? How.DIRECT : How.INHERITED;
    }

    String describe(Scope target) {
      return (eligible ? "eligible through PIM for " : "") + role + " at " + scope.describe()
          + (eligible || scope.equals(target) ? "" : " (inherited)") + condition.map(c -> " if " + c).orElse("");
    }
  }

  public WhoCanAnswer answer(WhoCanQuestion q) {
    Scope target = q.scope();
    List<String> gaps = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    ScopeTree tree = authorization.scopeTree();
    Map<String, RoleDefinition> definitions = new HashMap<>();
    RoleCatalogue.builtIns().forEach(d -> definitions.put(d.guid(), d));
    Lookup<List<RoleDefinition>> listedRoles = authorization.roleDefinitionsAt(target);
    listedRoles.found().orElse(List.of()).forEach(d -> definitions.put(d.guid(), d));
    if (listedRoles instanceof Lookup.Failed<List<RoleDefinition>> f) {
      gaps.add("role definitions at " + target + ": " + f.reason() + " (custom roles are not judged)");
    }
    List<Grant> grants = new ArrayList<>();
    Lookup<List<RoleAssignment>> assignments = authorization.roleAssignmentsFor(target);
    if (assignments instanceof Lookup.Failed<List<RoleAssignment>> f) {
      gaps.add("role assignments at " + target + ": " + f.reason());
    } else if (assignments instanceof Lookup.NotFound<List<RoleAssignment>>) {
      gaps.add(target + " was not found (ARM answered 404): check the scope's id");
    }
    for (RoleAssignment a : assignments.found().orElse(List.of())) {
      grant(a.principalId(), a.principalType(), a.roleDefinitionGuid(), a.scope(), false, a.condition(), q, tree,
          definitions, notes).ifPresent(grants::add);
    }
    Lookup<List<RoleEligibility>> eligible = authorization.roleEligibilitiesFor(target);
    if (eligible instanceof Lookup.Failed<List<RoleEligibility>> f) {
      AuthorizationReader.pimUnavailable(f.reason()).ifPresentOrElse(notes::add,
          () -> gaps.add("PIM eligibilities at " + target + ": " + f.reason()));
    }
    for (RoleEligibility e : eligible.found().orElse(List.of())) {
      grant(e.principalId(), e.principalType(), e.roleDefinitionGuid(), e.scope(), true, e.condition(), q, tree,
          definitions, notes).ifPresent(grants::add);
    }

    Map<PrincipalId, Entry> entries = new LinkedHashMap<>();
    // Whoever holds the grants, asked in batches once: their names, and the groups' for their members' lines.
    PrincipalBatch granted = directory.principals(grants.stream().map(Grant::principalId).distinct().toList());
    Map<PrincipalId, Principal> known = new HashMap<>(granted.found());
    Set<PrincipalId> unanswered = new java.util.HashSet<>(granted.unanswered());
    if (!granted.complete()) {
      gaps.add("names of " + granted.unanswered().size() + " principal(s): " + String.join("; ", granted.failures()));
    }
    Map<PrincipalId, Lookup<List<Principal>>> membersOf = members(grants.stream()
        .filter(g -> "Group".equalsIgnoreCase(g.principalType())).map(Grant::principalId).distinct().toList());
    for (Grant g : grants) {
      entry(entries, g.principalId(), g.principalType()).add(g.how(target), g.describe(target), g.condition().isPresent());
      if ("Group".equalsIgnoreCase(g.principalType())) {
        String group = groupName(g.principalId(), known);
        Lookup<List<Principal>> members = membersOf.get(g.principalId());
        if (members instanceof Lookup.Failed<List<Principal>> f) {
          gaps.add("members of group " + g.principalId() + " (" + g.describe(target) + "): " + f.reason());
        }
        for (Principal m : members.found().orElse(List.of())) {
          known.put(m.id(), m);
          entry(entries, m.id(), m.type()).add(g.eligible() ? How.ELIGIBLE : How.GROUP,
              "member of group " + group + ": " + g.describe(target), g.condition().isPresent());
        }
      }
    }
    refused(entries, q, tree, gaps, notes);
    // One hop: whoever can act as an allowed identity (a deny assignment on the identity took it out above).
    if (q.includePaths() && paths.isPresent()) {
      List<IdentityPaths.Path> found = paths.get().actingAs(List.copyOf(entries.keySet()), q, gaps);
      PrincipalBatch actors = directory.principals(found.stream().map(IdentityPaths.Path::principalId)
          .filter(id -> !known.containsKey(id)).distinct().toList());
      known.putAll(actors.found());
      unanswered.addAll(actors.unanswered());
      for (IdentityPaths.Path path : found) {
        entry(entries, path.principalId(), path.principalType()).add(How.IDENTITY, path.describe(), path.conditional());
        if ("Group".equalsIgnoreCase(path.principalType())) {
          String group = groupName(path.principalId(), known);
          Lookup<List<Principal>> members = directory.membersOf(path.principalId());
          if (members instanceof Lookup.Failed<List<Principal>> f) {
            gaps.add("members of group " + path.principalId() + " (" + path.describe() + "): " + f.reason());
          }
          for (Principal m : members.found().orElse(List.of())) {
            known.put(m.id(), m);
            entry(entries, m.id(), m.type()).add(How.IDENTITY, "member of group " + group + ": "
                + path.describe(), path.conditional());
          }
        }
      }
    }
    PrincipalBatch names = directory.principals(entries.keySet().stream()
        .filter(id -> !known.containsKey(id) && !unanswered.contains(id)).toList());
    if (!names.complete()) {
      gaps.add("names of " + names.unanswered().size() + " principal(s): " + String.join("; ", names.failures()));
    }
    names.found().forEach(known::putIfAbsent);
    unanswered.addAll(names.unanswered());
    // A principal the directory says is gone is allowed nothing: its grants are orphans (ORPHANED_ASSIGNMENT).
    List<PrincipalId> gone = entries.keySet().stream()
        .filter(id -> !known.containsKey(id) && !unanswered.contains(id)).toList();
    gone.forEach(entries::remove);
    if (!gone.isEmpty()) {
      notes.add(gone.size() + " principal(s) with a grant that would allow it are not in the directory (deleted:"
          + " their grants are orphaned and allow nothing): " + String.join(", ", gone.stream().limit(5)
          .map(PrincipalId::value).toList()) + (gone.size() > 5 ? ", …" : ""));
    }
    List<Holder> holders = new ArrayList<>();
    entries.forEach((id, e) -> {
      Optional<Principal> p = Optional.ofNullable(known.get(id));
      holders.add(new Holder(id, p.map(Principal::displayName).orElse(""), p.map(WhoCanService::typeOf)
          .orElse(typeName(e.type)), e.how, e.via, e.allConditional));
    });
    holders.sort(Comparator.comparing(Holder::how).thenComparing(h -> h.principalName().toLowerCase(java.util.Locale.ROOT))
        .thenComparing(h -> h.principalId().value()));
    return new WhoCanAnswer(q, holders, gaps, notes);
  }

  /** Graph answers one group's members per call: the groups are asked once each, a few at a time. */
  private static final int MEMBER_READS_AT_ONCE = 8;
  private static final java.util.concurrent.ExecutorService MEMBER_READS =
      java.util.concurrent.Executors.newFixedThreadPool(MEMBER_READS_AT_ONCE, r -> {
        Thread t = new Thread(r, "who-can-members");
        t.setDaemon(true);
        return t;
      });

  private Map<PrincipalId, Lookup<List<Principal>>> members(List<PrincipalId> groups) {
    Map<PrincipalId, java.util.concurrent.Future<Lookup<List<Principal>>>> asked = new LinkedHashMap<>();
    groups.forEach(g -> asked.put(g, MEMBER_READS.submit(() -> directory.membersOf(g))));
    Map<PrincipalId, Lookup<List<Principal>>> out = new HashMap<>();
    asked.forEach((g, f) -> {
      try {
        out.put(g, f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.put(g, Lookup.failed("interrupted while reading the members"));
      } catch (java.util.concurrent.ExecutionException e) {
        out.put(g, Lookup.failed(String.valueOf(e.getCause())));
      }
    });
    return out;
  }

  /** The grant, if its role lets its principal do it at the target and it reaches there. */
  private static Optional<Grant> grant(PrincipalId principal, String type, String roleGuid, Scope at, boolean eligible,
      Optional<String> condition, WhoCanQuestion q, ScopeTree tree, Map<String, RoleDefinition> definitions,
      List<String> notes) {
    RoleDefinition role = definitions.get(roleGuid);
    if (role == null || !RoleEvaluation.grants(role, q.action(), q.kind())) {
      return Optional.empty();
    }
    return switch (tree.contains(at, q.scope())) {
      case YES -> Optional.of(new Grant(principal, type, role.roleName(), at, eligible, condition));
      case NO -> Optional.empty();
      case UNKNOWN -> {
        notes.add(role.roleName() + " of " + type + " " + principal + " at " + at.describe() + " would allow it, but"
            + " whether " + at.describe() + " is above " + q.scope().describe() + " is not known ("
            + tree.unknownBecause().orElse("the hierarchy was not read") + ")");
        yield Optional.empty();
      }
    };
  }

  /**
   * Takes out whoever a deny assignment refuses the action to (themselves or a group they are in): no role
   * overrides a deny assignment. Groups are asked only when some deny assignment covers the action.
   */
  private void refused(Map<PrincipalId, Entry> entries, WhoCanQuestion q, ScopeTree tree, List<String> gaps,
      List<String> notes) {
    Lookup<List<DenyAssignment>> denies = authorization.denyAssignmentsFor(q.scope());
    if (denies instanceof Lookup.Failed<List<DenyAssignment>> f) {
      gaps.add("deny assignments at " + q.scope() + ": " + f.reason() + " (someone listed may be refused)");
      return;
    }
    // Those that refuse this action here to anyone they name.
    List<DenyAssignment> covering = denies.found().orElse(List.of()).stream()
        .filter(d -> RoleEvaluation.denies(d, named(d), q.action(), q.kind(), q.scope(), tree)
            != ScopeTree.Containment.NO)
        .toList();
    if (covering.isEmpty()) {
      return;
    }
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Set<PrincipalId> ids = new LinkedHashSet<>(List.of(e.getKey()));
      directory.groupsOf(e.getKey()).found().ifPresent(ids::addAll);
      for (DenyAssignment d : covering) {
        ScopeTree.Containment refuses = RoleEvaluation.denies(d, ids, q.action(), q.kind(), q.scope(), tree);
        if (refuses == ScopeTree.Containment.YES) {
          notes.add(e.getKey() + " is refused by deny assignment '" + d.name() + "' at " + d.scope().describe()
              + ", whatever its roles grant");
          it.remove();
          break;
        }
        if (refuses == ScopeTree.Containment.UNKNOWN) {
          gaps.add("deny assignment '" + d.name() + "' at " + d.scope().describe() + " may refuse " + e.getKey()
              + ": whether it reaches " + q.scope().describe() + " is not known");
        }
      }
    }
  }

  /** "web-devs (5a5b…)" when the directory says, else the id. */
  private static String groupName(PrincipalId group, Map<PrincipalId, Principal> known) {
    return Optional.ofNullable(known.get(group)).map(Principal::displayName).filter(n -> !n.isBlank())
        .map(n -> n + " (" + group + ")").orElse(group.value());
  }

  private static Set<PrincipalId> named(DenyAssignment d) {
    Set<PrincipalId> ids = new LinkedHashSet<>();
    d.principalIds().stream().filter(PrincipalId::isGuid).map(PrincipalId::parse).forEach(ids::add);
    return ids;
  }

  private static Entry entry(Map<PrincipalId, Entry> entries, PrincipalId id, String type) {
    return entries.computeIfAbsent(id, k -> new Entry(type));
  }

  private static String typeOf(Principal p) {
    return p.isManagedIdentity() ? "managedIdentity" : typeName(p.type());
  }

  /** ARM's User, Group, ServicePrincipal and Graph's user, group, servicePrincipal, said one way. */
  private static String typeName(String type) {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "user" -> "user";
      case "group" -> "group";
      case "serviceprincipal" -> "servicePrincipal";
      case "foreigngroup" -> "foreignGroup";
      default -> type;
    };
  }

  /** One principal's ways in, gathered. */
  private static final class Entry {
    private final String type;
    private How how;
    private final List<String> via = new ArrayList<>();
    private boolean allConditional = true;

    Entry(String type) {
      this.type = type;
    }

    void add(How way, String text, boolean conditional) {
      if (how == null || way.or(how) == way && way != how) {
        via.add(0, text);
      } else {
        via.add(text);
      }
      how = how == null ? way : way.or(how);
      allConditional &= conditional;
    }
  }
}

package com.accessauditor.snapshot;

import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.ActiveAssignment;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.RoleEligibility;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.Text;
import com.accessauditor.model.UserAssignedIdentity;
import com.accessauditor.rbac.ScopeTree;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A tenant read from a folder of exported JSON (`--snapshot DIR`): offline audits, the demo and tests.
 * Every file is optional; a missing or unreadable file makes its look-ups "failed" (never "not found"),
 * so nothing is reported as deleted because a file was absent.
 */
public final class SnapshotTenant implements AuthorizationReader, ResourceReader, Directory {
  public static final String ROLE_ASSIGNMENTS = "roleAssignments.json";
  public static final String ROLE_DEFINITIONS = "roleDefinitions.json";
  public static final String PRINCIPALS = "principals.json";
  public static final String DELETED_PRINCIPALS = "deletedPrincipals.json";
  public static final String SITES = "sites.json";
  public static final String APP_SETTINGS = "appSettings.json";
  public static final String IDENTITIES = "identities.json";
  public static final String DENY_ASSIGNMENTS = "denyAssignments.json";
  public static final String MANAGEMENT_GROUPS = "managementGroups.json";
  public static final String GROUP_MEMBERS = "groupMembers.json";
  /** PIM eligibilities: `az rest --url .../providers/Microsoft.Authorization/roleEligibilityScheduleInstances?...`. */
  public static final String ROLE_ELIGIBILITIES = "roleEligibilityScheduleInstances.json";
  /** PIM active assignments with their origin: the same from `roleAssignmentScheduleInstances`. */
  public static final String ACTIVE_ASSIGNMENTS = "roleAssignmentScheduleInstances.json";

  private final SnapshotFiles files;
  private final Optional<SnapshotAssignments> assignments;
  private final Optional<Map<String, RoleDefinition>> definitions;
  private final Optional<Map<PrincipalId, Principal>> principals;
  private final Optional<Map<PrincipalId, Principal>> deletedPrincipals;
  /** Direct group memberships by member; empty when neither memberOf nor groupMembers.json was exported. */
  private final Optional<Map<PrincipalId, List<PrincipalId>>> memberships;
  private final ScopeTree tree;
  /** Set while principals.json is read: whether its rows carry memberOf at all. */
  private final boolean[] memberOfExported = {false};
  private final Optional<Map<Scope, SiteIdentity>> sites;
  private final Optional<Map<Scope, UserAssignedIdentity>> identities;
  private final Optional<Map<Scope, AppSettings>> appSettings;
  private final Optional<List<DenyAssignment>> denyAssignments;
  private final Optional<List<RoleEligibility>> eligibilities;
  private final Optional<List<ActiveAssignment>> activeAssignments;

  private SnapshotTenant(Path folder, long spillAbove) {
    this.files = new SnapshotFiles(folder);
    this.assignments = SnapshotAssignments.read(files, ROLE_ASSIGNMENTS,
        folder.resolve(ROLE_ASSIGNMENTS).toFile().length() > spillAbove);
    this.definitions = files.read(ROLE_DEFINITIONS, SnapshotShapes::roleDefinition)
        .map(list -> index(list, RoleDefinition::guid));
    Optional<List<Map.Entry<Principal, List<PrincipalId>>>> directory =
        files.read(PRINCIPALS, row -> {
          memberOfExported[0] |= row.has("memberOf");
          return Map.entry(SnapshotShapes.principal(row), SnapshotShapes.memberOf(row));
        });
    this.principals = directory.map(list -> index(list.stream().map(Map.Entry::getKey).toList(), Principal::id));
    this.memberships = memberships(directory, files.readObject(GROUP_MEMBERS));
    this.deletedPrincipals =
        files.read(DELETED_PRINCIPALS, SnapshotShapes::principal).map(list -> index(list, Principal::id));
    this.sites = files.read(SITES, SnapshotShapes::site).map(list -> index(list, SiteIdentity::siteId));
    this.identities =
        files.read(IDENTITIES, SnapshotShapes::userAssignedIdentity)
            .map(list -> index(list, UserAssignedIdentity::resourceId));
    this.appSettings = files.readObject(APP_SETTINGS).flatMap(this::settingsBySite);
    this.denyAssignments = files.read(DENY_ASSIGNMENTS, SnapshotShapes::denyAssignment);
    this.eligibilities = files.read(ROLE_ELIGIBILITIES, SnapshotShapes::roleEligibility);
    this.activeAssignments = files.read(ACTIVE_ASSIGNMENTS, SnapshotShapes::activeAssignment);
    this.tree = readHierarchy();
  }

  /**
   * Memberships from each principal's `memberOf` and from groupMembers.json (group id to what
   * `az ad group member list --group <id>` prints). When neither was exported they are unknown, not none.
   */
  private Optional<Map<PrincipalId, List<PrincipalId>>> memberships(
      Optional<List<Map.Entry<Principal, List<PrincipalId>>>> directory, Optional<JsonNode> groupMembers) {
    if (!memberOfExported[0] && groupMembers.isEmpty()) {
      return Optional.empty();
    }
    Map<PrincipalId, List<PrincipalId>> byMember = new HashMap<>();
    if (memberOfExported[0]) {
      directory.orElse(List.of()).forEach(e -> byMember.computeIfAbsent(e.getKey().id(), k -> new ArrayList<>())
          .addAll(e.getValue()));
    }
    if (groupMembers.isPresent()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = groupMembers.get().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode members = e.getValue().isObject() && e.getValue().has("value") ? e.getValue().get("value")
            : e.getValue();
        if (!PrincipalId.isGuid(e.getKey()) || !members.isArray() || SnapshotFiles.pageMarker(e.getValue())
            .isPresent()) {
          files.problem(GROUP_MEMBERS + ": group " + Text.clip(e.getKey()) + ": expected a group object id and the"
              + " complete array `az ad group member list --group <id>` prints; memberships are not used");
          return Optional.empty();
        }
        PrincipalId group = PrincipalId.parse(e.getKey());
        for (JsonNode m : members) {
          String id = m.isTextual() ? m.asText() : m.path("id").asText(m.path("objectId").asText(""));
          if (PrincipalId.isGuid(id)) {
            byMember.computeIfAbsent(PrincipalId.parse(id), k -> new ArrayList<>()).add(group);
          }
        }
      }
    }
    return Optional.of(byMember);
  }

  /**
   * The hierarchy from managementGroups.json; without it, an export of one subscription (az prints the
   * management groups' and the root's grants under it) makes those grants that subscription's.
   */
  private ScopeTree readHierarchy() {
    boolean single = subscriptions().size() <= 1;
    if (!files.exists(MANAGEMENT_GROUPS)) {
      return single ? ScopeTree.listedForScope() : ScopeTree.unknown("the snapshot holds " + subscriptions().size()
          + " subscriptions and no " + MANAGEMENT_GROUPS + " (az account management-group entities list)");
    }
    Optional<List<SnapshotShapes.HierarchyEntity>> rows =
        files.read(MANAGEMENT_GROUPS, SnapshotShapes::hierarchyEntity);
    if (rows.isEmpty()) {
      return ScopeTree.unknown("the snapshot's " + MANAGEMENT_GROUPS + " is unreadable");
    }
    Map<String, String> groups = new HashMap<>();
    Map<String, String> subscriptions = new HashMap<>();
    for (SnapshotShapes.HierarchyEntity e : rows.get()) {
      e.parent().ifPresent(parent -> (e.subscription() ? subscriptions : groups).put(e.name(), parent));
    }
    return ScopeTree.of(groups, subscriptions, single);
  }

  @Override
  public ScopeTree scopeTree() {
    return tree;
  }

  @Override
  public Lookup<List<String>> subscriptionsBelow(Scope managementGroup) {
    if (!files.exists(MANAGEMENT_GROUPS)) {
      return Lookup.failed("the snapshot has no " + MANAGEMENT_GROUPS + " (az account management-group entities"
          + " list) to say which subscriptions sit below management group " + managementGroup.name());
    }
    return AuthorizationReader.super.subscriptionsBelow(managementGroup);
  }

  /** Reads the folder. Problems with single files are collected in {@link #problems()}, not thrown. */
  public static SnapshotTenant load(Path folder) {
    return new SnapshotTenant(folder, SnapshotAssignments.SPILL_BYTES);
  }

  /** With role assignments spilled to one file per subscription above {@code spillAbove} bytes (tests: 0). */
  static SnapshotTenant load(Path folder, long spillAbove) {
    return new SnapshotTenant(folder, spillAbove);
  }

  /** One message per unreadable file, each naming the file and what is wrong with it. */
  public List<String> problems() {
    return files.problems();
  }

  /** The subscriptions this snapshot holds anything of: what a sweep of it covers by default. */
  public List<Scope> subscriptions() {
    Set<String> subs = new java.util.TreeSet<>();
    assignments.ifPresent(a -> subs.addAll(a.subscriptions()));
    sites.ifPresent(m -> m.keySet().forEach(s -> s.subscriptionId().ifPresent(subs::add)));
    identities.ifPresent(m -> m.keySet().forEach(s -> s.subscriptionId().ifPresent(subs::add)));
    return subs.stream().map(s -> Scope.parse("/subscriptions/" + s)).toList();
  }

  /**
   * Why a scope in a subscription the snapshot holds nothing of cannot be answered from it: its lists there
   * would be empty because it was not exported, not because the subscription has nothing.
   */
  private Optional<String> outside(Scope scope) {
    Optional<String> sub = scope.subscriptionId().map(s -> s.toLowerCase(Locale.ROOT));
    List<Scope> held = subscriptions();
    // A snapshot that names no subscription at all (empty lists, a PIM file alone) is taken as the export of
    // whatever is asked.
    if (sub.isEmpty() || held.isEmpty() || held.stream().anyMatch(h -> h.subscriptionId()
        .map(sub.get()::equalsIgnoreCase).orElse(false))) {
      return Optional.empty();
    }
    String some = String.join(", ", held.stream().limit(3).map(h -> h.subscriptionId().orElse("")).toList())
        + (held.size() > 3 ? " and " + (held.size() - 3) + " more" : "");
    return Optional.of("the snapshot holds nothing of subscription " + sub.get() + " (it holds " + some
        + "): export that subscription too, or give a scope the snapshot holds");
  }

  public Collection<RoleAssignment> roleAssignments() {
    return assignments.map(SnapshotAssignments::all).orElse(List.of());
  }

  @Override
  public Lookup<RoleAssignment> roleAssignment(String assignmentId) {
    if (assignments.isEmpty()) {
      return Lookup.failed("the snapshot has no readable " + ROLE_ASSIGNMENTS);
    }
    return assignments.get().find(assignmentId).map(Lookup::found)
        .orElseGet(() -> Lookup.notFound("role assignment " + assignmentId.toLowerCase(Locale.ROOT)));
  }

  @Override
  public Lookup<RoleDefinition> roleDefinition(String roleDefinitionId) {
    return lookup(definitions, RoleDefinition.guidOf(roleDefinitionId), ROLE_DEFINITIONS, "role definition");
  }

  @Override
  public Lookup<Principal> principal(PrincipalId id) {
    if (principals.isEmpty()) {
      return Lookup.failed("the snapshot has no readable " + PRINCIPALS);
    }
    Principal found = principals.get().get(id);
    if (found != null) {
      return Lookup.found(found);
    }
    boolean softDeleted = deletedPrincipals.map(d -> d.containsKey(id)).orElse(false);
    return Lookup.notFound(softDeleted ? "principal " + id + " is soft-deleted" : "principal " + id);
  }

  @Override
  public Lookup<Principal> servicePrincipalByAppId(String appId) {
    if (principals.isEmpty()) {
      return Lookup.failed("the snapshot has no readable " + PRINCIPALS);
    }
    return principals.get().values().stream().filter(p -> p.appId().filter(appId::equalsIgnoreCase).isPresent())
        .findFirst().map(Lookup::found).orElseGet(() -> Lookup.notFound("service principal of app " + appId));
  }

  @Override
  public Lookup<List<Principal>> principalsNamed(String displayName) {
    return all(principals, PRINCIPALS).map(list -> list.stream()
        .filter(p -> p.displayName().equalsIgnoreCase(displayName.trim())
            || p.userPrincipalName().filter(displayName.trim()::equalsIgnoreCase).isPresent()).toList());
  }

  /** From each principal's `memberOf` in principals.json, followed through nested groups. */
  @Override
  public Lookup<List<PrincipalId>> groupsOf(PrincipalId id) {
    if (memberships.isEmpty()) {
      return Lookup.failed("group memberships were not exported: add " + GROUP_MEMBERS
          + " (each group's `az ad group member list --group <id>`) or memberOf in " + PRINCIPALS);
    }
    Set<PrincipalId> seen = new LinkedHashSet<>();
    Deque<PrincipalId> todo = new ArrayDeque<>(memberships.get().getOrDefault(id, List.of()));
    while (!todo.isEmpty()) {
      PrincipalId group = todo.pop();
      if (seen.add(group)) {
        todo.addAll(memberships.get().getOrDefault(group, List.of()));
      }
    }
    return Lookup.found(List.copyOf(seen));
  }

  /**
   * Everyone whose memberships (followed through nested groups) include the group, as exported: a member
   * the export names but principals.json does not is still listed, by id.
   */
  @Override
  public Lookup<List<Principal>> membersOf(PrincipalId group) {
    if (memberships.isEmpty()) {
      return Lookup.failed("group memberships were not exported: add " + GROUP_MEMBERS
          + " (each group's `az ad group member list --group <id>`) or memberOf in " + PRINCIPALS);
    }
    List<Principal> out = new ArrayList<>();
    for (PrincipalId member : memberships.get().keySet()) {
      if (groupsOf(member).found().orElse(List.of()).contains(group)) {
        out.add(principal(member).found().orElse(new Principal(member, "Unknown", "", Optional.empty(),
            Optional.empty(), Optional.empty(), List.of())));
      }
    }
    return Lookup.found(out);
  }

  @Override
  public Lookup<SiteIdentity> siteIdentity(Scope siteId) {
    return lookup(sites, siteId, SITES, "site");
  }

  @Override
  public Lookup<UserAssignedIdentity> userAssignedIdentity(Scope identityId) {
    return lookup(identities, identityId, IDENTITIES, "user-assigned identity");
  }

  @Override
  public Lookup<List<RoleAssignment>> roleAssignmentsFor(Scope scope) {
    if (assignments.isEmpty()) {
      return Lookup.failed("the snapshot has no readable " + ROLE_ASSIGNMENTS);
    }
    Optional<String> outside = outside(scope);
    if (outside.isPresent()) {
      return Lookup.failed(outside.get());
    }
    java.util.function.Predicate<RoleAssignment> applies = a -> scope.contains(a.scope())
        || tree.contains(a.scope(), scope) != ScopeTree.Containment.NO;
    if (scope.subscriptionId().isEmpty()) {
      return Lookup.found(assignments.get().where(applies));
    }
    // A subscription's list, and its ancestors' grants: one subscription read, not the export.
    List<RoleAssignment> out = new ArrayList<>(assignments.get().above().stream().filter(applies).toList());
    assignments.get().in(scope.subscriptionId().get()).stream().filter(applies).forEach(out::add);
    return Lookup.found(out);
  }

  @Override
  public Lookup<List<RoleDefinition>> roleDefinitionsAt(Scope scope) {
    return all(definitions, ROLE_DEFINITIONS);
  }

  /** The export's one list serves every subscription. */
  @Override
  public Optional<Lookup<List<RoleDefinition>>> roleDefinitionsIn(List<String> subscriptionIds) {
    return Optional.of(roleDefinitionsAt(Scope.parse("/")));
  }

  @Override
  public Lookup<List<DenyAssignment>> denyAssignmentsFor(Scope scope) {
    if (denyAssignments.isEmpty()) {
      // No file: a tenant without deny assignments is the common case, and an export often omits the file.
      // A file that is there but was not read is a gap.
      return files.exists(DENY_ASSIGNMENTS) ? Lookup.failed("the snapshot's " + DENY_ASSIGNMENTS
          + " is unreadable") : Lookup.found(List.of());
    }
    return Lookup.found(denyAssignments.get().stream()
        .filter(d -> scope.contains(d.scope()) || tree.contains(d.scope(), scope) != ScopeTree.Containment.NO)
        .toList());
  }

  /**
   * Unlike deny assignments, an export without the PIM file says nothing about eligibilities (most exports
   * predate it): not read, so nothing is judged on them.
   */
  @Override
  public Lookup<List<RoleEligibility>> roleEligibilitiesFor(Scope scope) {
    return pim(eligibilities, ROLE_ELIGIBILITIES, "PIM eligibilities", RoleEligibility::scope, scope);
  }

  @Override
  public Lookup<List<ActiveAssignment>> activeAssignmentsFor(Scope scope) {
    return pim(activeAssignments, ACTIVE_ASSIGNMENTS, "PIM active assignments", ActiveAssignment::scope, scope);
  }

  /** The rows that apply at or below the scope, inherited ones included; not read when the file is not there. */
  private <T> Lookup<List<T>> pim(Optional<List<T>> rows, String file, String what,
      java.util.function.Function<T, Scope> scopeOf, Scope scope) {
    if (rows.isEmpty()) {
      return Lookup.failed(files.exists(file) ? "the snapshot's " + file + " is unreadable"
          : "the snapshot has no " + file + " (" + AuthorizationReader.PIM_NOT_EXPORTED
              + ")");
    }
    Optional<String> outside = outside(scope);
    if (outside.isPresent()) {
      return Lookup.failed(outside.get());
    }
    return Lookup.found(rows.get().stream().filter(r -> scope.contains(scopeOf.apply(r))
        || tree.contains(scopeOf.apply(r), scope) != ScopeTree.Containment.NO).toList());
  }

  @Override
  public Lookup<List<SiteIdentity>> sitesIn(Scope scope) {
    Optional<String> outside = outside(scope);
    if (outside.isPresent()) {
      return Lookup.failed(outside.get());
    }
    return all(sites, SITES).map(list -> list.stream().filter(s -> scope.contains(s.siteId())).toList());
  }

  @Override
  public Lookup<List<UserAssignedIdentity>> userAssignedIdentitiesIn(Scope scope) {
    Optional<String> outside = outside(scope);
    if (outside.isPresent()) {
      return Lookup.failed(outside.get());
    }
    return all(identities, IDENTITIES).map(list -> list.stream().filter(i -> scope.contains(i.resourceId())).toList());
  }

  @Override
  public Lookup<AppSettings> appSettings(Scope siteId) {
    return lookup(appSettings, siteId, APP_SETTINGS, "settings of site");
  }

  @Override
  public PrincipalBatch principals(Collection<PrincipalId> ids) {
    if (principals.isEmpty()) {
      return new PrincipalBatch(Map.of(), Set.copyOf(ids), List.of("the snapshot has no readable " + PRINCIPALS));
    }
    Map<PrincipalId, Principal> found = new HashMap<>();
    for (PrincipalId id : ids) {
      Principal p = principals.get().get(id);
      if (p != null) {
        found.put(id, p);
      }
    }
    return new PrincipalBatch(found, Set.of(), List.of());
  }

  /**
   * Service principals (the documented export), and users and groups when the file holds some: an export
   * of deleted service principals alone says nothing about deleted users.
   */
  @Override
  public Set<String> deletedTypesRead() {
    Set<String> types = new java.util.HashSet<>(Set.of("serviceprincipal"));
    deletedPrincipals.ifPresent(d -> d.values().forEach(p -> types.add(p.type().toLowerCase(Locale.ROOT))));
    types.retainAll(ALL_TYPES);
    return types;
  }

  @Override
  public Lookup<List<Principal>> deletedPrincipals() {
    return all(deletedPrincipals, DELETED_PRINCIPALS);
  }

  private Optional<Map<Scope, AppSettings>> settingsBySite(JsonNode root) {
    Map<Scope, AppSettings> bySite = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        Scope site = Scope.parse(e.getKey());
        bySite.put(site, SnapshotShapes.appSettings(site, e.getValue()));
      } catch (IllegalArgumentException ex) {
        files.problem(APP_SETTINGS + ": " + Text.clip(e.getKey()) + ": " + ex.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(bySite);
  }

  private static <K, V> Lookup<List<V>> all(Optional<Map<K, V>> table, String file) {
    return table.<Lookup<List<V>>>map(t -> Lookup.found(List.copyOf(t.values())))
        .orElseGet(() -> Lookup.failed("the snapshot has no readable " + file));
  }

  private static <K, V> Lookup<V> lookup(Optional<Map<K, V>> table, K key, String file, String what) {
    if (table.isEmpty()) {
      return Lookup.failed("the snapshot has no readable " + file);
    }
    V value = table.get().get(key);
    return value == null ? Lookup.notFound(what + " " + key) : Lookup.found(value);
  }

  private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
    Map<K, V> map = new LinkedHashMap<>();
    for (V v : values) {
      map.put(key.apply(v), v);
    }
    return map;
  }
}

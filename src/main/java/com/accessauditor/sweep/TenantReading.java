package com.accessauditor.sweep;

import com.accessauditor.detect.Facet;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What a sweep read, scope by scope (or tenant-wide where the source allows), with the gaps it found. */
final class TenantReading {
  private final AuthorizationReader authorization;
  private final ResourceReader resources;

  private final boolean readsSettings;

  TenantReading(AuthorizationReader authorization, ResourceReader resources) {
    this(authorization, resources, true);
  }

  /**
   * @param readsSettings false for a subscription's worker: no detector it runs reads app settings, and the
   *     final step of the run reads them for the detectors that do
   */
  TenantReading(AuthorizationReader authorization, ResourceReader resources, boolean readsSettings) {
    this.authorization = authorization;
    this.resources = resources;
    this.readsSettings = readsSettings;
  }

  final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();
  final Map<String, RoleDefinition> definitions = new HashMap<>();
  final List<SiteIdentity> sites = new ArrayList<>();
  final Map<Scope, AppSettings> settings = new HashMap<>();
  final List<UserAssignedIdentity> identities = new ArrayList<>();
  /** PIM's eligibilities and active assignments, each once. */
  final PimRows pim = new PimRows();
  /** Deny assignments, each once by id (lower case). */
  final Map<String, DenyAssignment> denies = new LinkedHashMap<>();
  /**
   * Facets not read for a reason that is not a fault (PIM without its licence, an export without PIM's files):
   * nothing is judged or resolved on them, and the read is said as noted, not incomplete.
   */
  private final Map<Facet, Set<String>> noted = new EnumMap<>(Facet.class);
  final Map<Facet, Set<String>> gaps = new EnumMap<>(Facet.class);
  final List<String> gapLines = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  /** What the auditor is configured not to read, said once: the read is complete without it. */
  final List<String> notes = new ArrayList<>();
  private final Map<Scope, List<String>> scopeGaps = new HashMap<>();

  /** For each facet, the subscriptions it was read for by a tenant-wide query. */
  private final Map<Facet, Set<Scope>> readTenantWide = new EnumMap<>(Facet.class);

  /**
   * With several subscriptions, paged tenant-wide queries (Resource Graph) replace list calls per
   * subscription where the source has them. A tenant-wide query leaves out subscriptions it may not read
   * instead of failing, so only subscriptions that answered with role assignments are taken from it;
   * every other subscription, and every facet whose query failed, is listed per subscription as usual.
   */
  void tenantWide(List<Scope> scopes, Consumer<String> progress) {
    List<Scope> subscriptions = scopes.stream().filter(s -> s.level() == Scope.Level.SUBSCRIPTION).toList();
    if (subscriptions.size() < 2) {
      return;
    }
    List<String> ids = subscriptions.stream().map(s -> s.subscriptionId().orElseThrow()).toList();
    Optional<Lookup<List<RoleAssignment>>> result = authorization.roleAssignmentsIn(ids);
    if (result.isEmpty()) {
      return;
    }
    if (!(result.get() instanceof Lookup.Found<List<RoleAssignment>> found)) {
      progress.accept("tenant-wide query failed (" + reason(result.get()) + "); listing each subscription");
      return;
    }
    Set<String> answered = found.value().stream().map(a -> a.scope().subscriptionId().orElse(""))
        .collect(Collectors.toSet());
    Set<Scope> trusted = subscriptions.stream().filter(s -> answered.contains(s.subscriptionId().orElseThrow()))
        .collect(Collectors.toSet());
    List<String> trustedIds = trusted.stream().map(s -> s.subscriptionId().orElseThrow()).sorted().toList();
    found.value().stream().filter(a -> inAny(trusted, a.scope())).forEach(this::add);
    // Grants made at management groups and the root, which the query returns for the subscriptions below.
    found.value().stream().filter(a -> a.scope().subscriptionId().isEmpty()).forEach(this::add);
    readTenantWide.put(Facet.ROLE_ASSIGNMENTS, trusted);
    if (trusted.isEmpty()) {
      progress.accept("tenant-wide query answered for no subscription; listing each subscription");
      return;
    }
    tenantWideFacet(Facet.ROLE_DEFINITIONS, authorization.roleDefinitionsIn(trustedIds), trusted, progress,
        list -> {
          list.forEach(d -> definitions.putIfAbsent(d.guid(), d));
          // Built-in roles are the same everywhere: if the query held none, one subscription lists them.
          if (list.stream().noneMatch(d -> !d.isCustom())) {
            readTenantWide.get(Facet.ROLE_DEFINITIONS).remove(trusted.iterator().next());
          }
        });
    tenantWideFacet(Facet.SITES, resources.sitesIn(trustedIds), trusted, progress,
        list -> list.stream().filter(site -> inAny(trusted, site.siteId())).forEach(this::addSite));
    tenantWideFacet(Facet.USER_ASSIGNED_IDENTITIES, resources.userAssignedIdentitiesIn(trustedIds), trusted,
        progress, list -> list.stream().filter(i -> inAny(trusted, i.resourceId())).forEach(identities::add));
    progress.accept("tenant-wide queries: " + trusted.size() + " of " + subscriptions.size() + " subscription(s)"
        + " answered; " + found.value().size() + " role assignment(s)");
  }

  private <T> void tenantWideFacet(Facet facet, Optional<Lookup<List<T>>> result, Set<Scope> trusted,
      Consumer<String> progress, Consumer<List<T>> use) {
    if (result.isEmpty()) {
      return;
    }
    if (result.get() instanceof Lookup.Found<List<T>> found) {
      readTenantWide.put(facet, new HashSet<>(trusted));
      use.accept(found.value());
    } else {
      progress.accept("tenant-wide " + facet.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " query failed ("
          + reason(result.get()) + "); listing each subscription");
    }
  }

  private boolean readWide(Facet facet, Scope scope) {
    return readTenantWide.getOrDefault(facet, Set.of()).contains(scope);
  }

  private static boolean inAny(Set<Scope> scopes, Scope id) {
    return scopes.stream().anyMatch(s -> s.contains(id));
  }

  private static String reason(Lookup<?> result) {
    return result instanceof Lookup.Failed<?> f ? f.reason() : "not found";
  }

  /** Apps that a run's workers read, with their settings read now (the final step). */
  void addSites(List<SiteIdentity> read) {
    read.forEach(this::addSite);
  }

  private void addSite(SiteIdentity site) {
    sites.add(site);
    if (!readsSettings) {
      return;
    }
    Lookup<AppSettings> s = resources.appSettings(site.siteId());
    if (!(s instanceof Lookup.Found<AppSettings>)) {
      // Judged per app: reading settings is granted on chosen resource groups only (it reveals secrets), so
      // an app whose settings were not read keeps its findings as they are and silences no other app.
      String sub = site.siteId().subscriptionId().orElse(SweepFacts.EVERYWHERE);
      gaps.computeIfAbsent(Facet.APP_SETTINGS, k -> new HashSet<>()).add(appKey(site.siteId().value()));
      scopeGaps.computeIfAbsent(Scope.parse("/subscriptions/" + sub), k -> new ArrayList<>())
          .add("settings of " + site.siteId().name());
      unreadSettings.add(sub, site.siteId().name(), reason(s)).ifPresent(gapLines::add);
    }
    s.found().ifPresent(v -> settings.put(site.siteId(), v));
  }

  /** How the APP_SETTINGS gap keys of a subscription's apps begin. */
  static String appKeyPrefix(String subscriptionId) {
    return "/subscriptions/" + subscriptionId.toLowerCase(Locale.ROOT) + "/";
  }

  /** The key under which an app whose settings were not read is recorded in the APP_SETTINGS gaps. */
  static String appKey(String siteId) {
    return siteId.toLowerCase(Locale.ROOT);
  }

  private final UnreadAppSettings unreadSettings = new UnreadAppSettings();

  /** Says which apps' settings were not read: refused ones as a gap, those not granted by design as a note. */
  void reportSettingsNotGranted() {
    unreadSettings.refused().ifPresent(gapLines::add);
    unreadSettings.notListed().ifPresent(notes::add);
  }

  void scope(Scope scope) {
    if (!readWide(Facet.ROLE_ASSIGNMENTS, scope)) {
      take(authorization.roleAssignmentsFor(scope), Facet.ROLE_ASSIGNMENTS, scope, list -> {
        list.forEach(this::add);
        scope.subscriptionId().filter(s -> scope.level() == Scope.Level.SUBSCRIPTION).ifPresent(listedWithAncestors::add);
      });
    }
    if (!readWide(Facet.ROLE_DEFINITIONS, scope)) {
      take(authorization.roleDefinitionsAt(scope), Facet.ROLE_DEFINITIONS, scope,
          list -> list.forEach(d -> definitions.putIfAbsent(d.guid(), d)));
    }
    pim(scope);
    take(authorization.denyAssignmentsFor(scope), Facet.DENY_ASSIGNMENTS, scope,
        list -> list.forEach(d -> denies.putIfAbsent(d.id().toLowerCase(Locale.ROOT), d)));
    if (scope.subscriptionId().isEmpty()) {
      // Apps and identities are listed per subscription; a management group's come from its subscriptions.
      return;
    }
    if (!readWide(Facet.SITES, scope)) {
      take(resources.sitesIn(scope), Facet.SITES, scope, list -> list.forEach(this::addSite));
    }
    if (!readWide(Facet.USER_ASSIGNED_IDENTITIES, scope)) {
      take(resources.userAssignedIdentitiesIn(scope), Facet.USER_ASSIGNED_IDENTITIES, scope, identities::addAll);
    }
  }

  /**
   * PIM's two lists for a scope, read together: an eligibility is judged only beside the activations that
   * say which role assignments came from it. A tenant without PIM's licence, or an export without its files,
   * is a note: nothing about eligibility is judged there, and the read is otherwise whole.
   */
  private void pim(Scope scope) {
    Optional<Lookup<?>> failed = pim.read(authorization, scope);
    if (failed.isEmpty()) {
      return;
    }
    Optional<String> unavailable = AuthorizationReader.pimUnavailable(reason(failed.get()));
    if (unavailable.isPresent()) {
      noted.computeIfAbsent(Facet.PIM, k -> new HashSet<>()).add(key(scope));
      gaps.computeIfAbsent(Facet.PIM, k -> new HashSet<>()).add(key(scope));
      if (!notes.contains(unavailable.get())) {
        notes.add(unavailable.get());
      }
      return;
    }
    take(failed.get(), Facet.PIM, scope, x -> { });
  }

  /** Whether the facet was left unread for a subscription only for a reason said as a note. */
  boolean notedOnly(Facet facet, String subscriptionId) {
    Set<String> n = noted.getOrDefault(facet, Set.of());
    return n.contains(subscriptionId) || n.contains(SweepFacts.EVERYWHERE);
  }

  /**
   * Role definitions listed at one subscription, for the whole run: the built-in roles are the same
   * everywhere, so one list names them all. Not read, they are a gap everywhere.
   */
  void definitionsFor(Scope subscription) {
    Lookup<List<RoleDefinition>> result = authorization.roleDefinitionsAt(subscription);
    if (result instanceof Lookup.Found<List<RoleDefinition>> found) {
      found.value().forEach(d -> definitions.putIfAbsent(d.guid(), d));
    } else {
      gap(Facet.ROLE_DEFINITIONS, SweepFacts.EVERYWHERE, "role definitions at " + subscription + ": " + reason(result));
    }
  }

  private <T> void take(Lookup<T> result, Facet facet, Scope scope, Consumer<T> use) {
    if (result instanceof Lookup.Found<T> found) {
      use.accept(found.value());
    } else {
      String why = result instanceof Lookup.Failed<T> f ? f.reason() : "not found";
      gap(facet, key(scope), facet.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " in " + scope + ": " + why);
      scopeGaps.computeIfAbsent(scope, k -> new ArrayList<>()).add(facet.name().toLowerCase(Locale.ROOT));
    }
  }

  void gap(Facet facet, String key, String line) {
    gaps.computeIfAbsent(facet, k -> new HashSet<>()).add(key);
    gapLines.add(line);
  }

  void gapEverything(String key, String line) {
    for (Facet f : List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES,
        Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES, Facet.PIM, Facet.DENY_ASSIGNMENTS)) {
      gaps.computeIfAbsent(f, k -> new HashSet<>()).add(key);
    }
    gapLines.add(line);
  }

  private final Map<String, Integer> perSubscription = new HashMap<>();
  /**
   * Subscriptions whose assignments ARM listed for the subscription itself: such a list holds every grant
   * of its management groups and the root, so a management-group grant missing from it is gone.
   */
  final Set<String> listedWithAncestors = new HashSet<>();

  void add(RoleAssignment a) {
    if (assignments.putIfAbsent(a.id().toLowerCase(Locale.ROOT), a) == null) {
      a.scope().subscriptionId().ifPresent(s -> perSubscription.merge(s, 1, Integer::sum));
    }
  }

  long assignmentsIn(Scope scope) {
    if (scope.level() == Scope.Level.SUBSCRIPTION) {
      return perSubscription.getOrDefault(scope.subscriptionId().orElseThrow(), 0);
    }
    return assignments.values().stream().filter(a -> scope.contains(a.scope())).count();
  }

  /**
   * Whom the directory is asked about: every assignment's and eligibility's principal and every app's own
   * identity. A principal left out here would be taken for one the directory does not hold.
   */
  Set<PrincipalId> principalIds() {
    Set<PrincipalId> ids = new java.util.LinkedHashSet<>();
    assignments.values().forEach(a -> ids.add(a.principalId()));
    pim.eligibilities().forEach(e -> ids.add(e.principalId()));
    sites.forEach(s -> s.systemAssignedPrincipalId().ifPresent(ids::add));
    return ids;
  }

  long sitesIn(Scope scope) {
    return sites.stream().filter(s -> scope.contains(s.siteId())).count();
  }

  String gapsOf(Scope scope) {
    List<String> g = scopeGaps.getOrDefault(scope, List.of());
    return g.isEmpty() ? "" : "; NOT READ: " + String.join(", ", g);
  }

  /** The gap key of a scope: its subscription, or everywhere for a management group or the root. */
  static String key(Scope scope) {
    return scope.subscriptionId().orElse(SweepFacts.EVERYWHERE);
  }
}

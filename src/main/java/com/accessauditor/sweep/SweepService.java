package com.accessauditor.sweep;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.MissedEventDetector;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.FindingLedger;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.inventory.AuthorizationReader;
import com.accessauditor.inventory.Directory;
import com.accessauditor.inventory.InventoryStore;
import com.accessauditor.inventory.KnownAssignment;
import com.accessauditor.inventory.KnownIdentity;
import com.accessauditor.inventory.KnownRole;
import com.accessauditor.inventory.PrincipalBatch;
import com.accessauditor.inventory.ResourceReader;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.DenyAssignment;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The sweep: read every swept scope, ask the directory in batches, run every detector, record findings
 * (a re-run updates `lastSeen`; a finding whose cause is gone is resolved), and reconcile the inventory.
 *
 * <p>It fails closed: a scope that cannot be read is reported and the others go on; a finding is only
 * resolved where everything its detector needs was read; nothing is called deleted because the directory
 * could not be asked. Every write is an upsert, so a sweep that was cut off is safe to run again.
 */
public final class SweepService {
  private final AuthorizationReader authorization;
  private final ResourceReader resources;
  private final Directory directory;
  private final InventoryStore inventory;
  private final FindingStore findings;
  private final Clock clock;
  private final List<SweepDetector> detectors;

  public SweepService(AuthorizationReader authorization, ResourceReader resources, Directory directory,
      InventoryStore inventory, FindingStore findings, Clock clock, List<SweepDetector> detectors) {
    this.authorization = authorization;
    this.resources = resources;
    this.directory = directory;
    this.inventory = inventory;
    this.findings = findings;
    this.clock = clock;
    this.detectors = List.copyOf(detectors);
  }

  public SweepReport run(List<Scope> scopes, Optional<Baseline> baseline, Consumer<String> progress) {
    Instant now = clock.instant();
    Reading read = new Reading();
    read.tenantWide(scopes, progress);
    for (int i = 0; i < scopes.size(); i++) {
      Scope scope = scopes.get(i);
      try {
        read.scope(scope);
      } catch (RuntimeException e) {
        // A bug or an unexpected answer in one scope must not cost the others their sweep.
        read.gapEverything(key(scope), scope + ": " + e);
      }
      progress.accept("scope " + (i + 1) + " of " + scopes.size() + ": " + scope + ": " + read.assignmentsIn(scope)
          + " assignment(s), " + read.sitesIn(scope) + " app(s) seen" + read.gapsOf(scope));
    }
    Set<PrincipalId> ids = new LinkedHashSet<>();
    read.assignments.values().forEach(a -> ids.add(a.principalId()));
    read.sites.forEach(s -> s.systemAssignedPrincipalId().ifPresent(ids::add));
    PrincipalBatch principals = directory.principals(ids);
    if (!principals.complete()) {
      read.gap(Facet.DIRECTORY, SweepFacts.EVERYWHERE, "directory: " + principals.unanswered().size() + " of "
          + ids.size() + " principal(s) could not be looked up (" + String.join("; ", principals.failures())
          + "); no orphan findings and no deletion advice for them");
    }
    progress.accept("directory: " + ids.size() + " principal(s) looked up, " + principals.found().size() + " found");
    Lookup<List<Principal>> deleted = directory.deletedPrincipals();
    if (deleted instanceof Lookup.Failed<List<Principal>> f) {
      read.gap(Facet.DELETED_PRINCIPALS, SweepFacts.EVERYWHERE, "deleted directory objects: " + f.reason());
    }
    if (baseline.isEmpty()) {
      read.gaps.computeIfAbsent(Facet.BASELINE, k -> new HashSet<>()).add(SweepFacts.EVERYWHERE);
    }
    Set<String> subscriptions = subscriptionsOf(scopes, read);
    SweepFacts facts = new SweepFacts(now, scopes, List.copyOf(read.assignments.values()), read.definitions,
        read.deny, read.sites, read.settings, read.identities, principals,
        deleted.found().map(list -> list.stream().collect(Collectors.toMap(Principal::id, p -> p, (a, b) -> a))),
        known(subscriptions), baseline, read.gaps);

    Map<String, Finding> stored = new HashMap<>();
    findings.list().forEach(f -> stored.put(f.fingerprint(), f));
    Map<String, Finding> seen = new LinkedHashMap<>();
    int opened = 0;
    Map<FindingKind, Set<Facet>> resolvable = new EnumMap<>(FindingKind.class);
    for (SweepDetector detector : detectors) {
      List<FindingDraft> drafts;
      try {
        drafts = detector.inspect(facts);
      } catch (RuntimeException e) {
        read.problems.add(detector.getClass().getSimpleName() + " failed: " + e + "; its findings were kept as they"
            + " were");
        continue;
      }
      if (detector.resolvesWhenGone()) {
        detector.kinds().forEach(k -> resolvable.put(k, detector.needs()));
      }
      for (FindingDraft draft : drafts) {
        if (seen.containsKey(draft.fingerprint())) {
          continue;
        }
        Optional<Finding> before = Optional.ofNullable(stored.get(draft.fingerprint()));
        Finding f = FindingLedger.sighting(draft, now, before);
        if (before.isEmpty() || before.get().status() == FindingStatus.RESOLVED) {
          opened++;
        }
        seen.put(f.fingerprint(), f);
      }
    }
    findings.putAll(List.copyOf(seen.values()));
    List<Finding> resolved = resolve(facts, stored.values(), seen.keySet(), resolvable, subscriptions, now);
    reconcile(facts, subscriptions, read, now);
    read.problems.forEach(p -> read.gapLines.add(p));
    return new SweepReport(now, Duration.between(now, clock.instant()), scopes, read.assignments.size(),
        read.sites.size(), ids.size(), List.copyOf(seen.values()), opened, resolved, read.gapLines);
  }

  private List<Finding> resolve(SweepFacts facts, java.util.Collection<Finding> stored, Set<String> seen,
      Map<FindingKind, Set<Facet>> resolvable, Set<String> subscriptions, Instant now) {
    List<Finding> resolved = new ArrayList<>();
    for (Finding f : stored) {
      Set<Facet> needs = resolvable.get(f.kind());
      if (f.status() != FindingStatus.OPEN || needs == null || seen.contains(f.fingerprint())
          || f.lastSeen().isAfter(now)
          || !subscriptions.contains(f.subscriptionId().toLowerCase(Locale.ROOT))
          || !needs.stream().allMatch(n -> facts.covered(n, f.subscriptionId().toLowerCase(Locale.ROOT)))) {
        continue;
      }
      resolved.add(f.resolved(now));
    }
    findings.putAll(resolved);
    return resolved;
  }

  private SweepFacts.Known known(Set<String> subscriptions) {
    Map<String, KnownAssignment> assignments = new HashMap<>();
    Map<Scope, KnownIdentity> identities = new HashMap<>();
    Map<String, Instant> lastSweep = new HashMap<>();
    for (String sub : subscriptions) {
      inventory.assignmentsIn(sub).forEach(a -> assignments.put(a.id().toLowerCase(Locale.ROOT), a));
      inventory.identitiesIn(sub).forEach(i -> identities.put(i.resourceId(), i));
      inventory.lastCompleteSweep(sub).ifPresent(t -> lastSweep.put(sub, t));
    }
    Map<String, KnownRole> roles = new HashMap<>();
    inventory.customRoles().forEach(r -> roles.put(r.definition().guid(), r));
    return new SweepFacts.Known(assignments, identities, roles, lastSweep);
  }

  /** Brings the inventory up to what was read, writing only what changed; newer event state wins. */
  private void reconcile(SweepFacts facts, Set<String> subscriptions, Reading read, Instant now) {
    SweepFacts.Known known = facts.known();
    // Grouped once: a tenant has hundreds of subscriptions and each reconciles only its own rows.
    Map<String, List<RoleAssignment>> listedBySub = facts.assignments().stream()
        .filter(a -> a.scope().subscriptionId().isPresent())
        .collect(Collectors.groupingBy(a -> a.scope().subscriptionId().get()));
    Map<String, List<KnownAssignment>> knownBySub = known.assignments().values().stream()
        .filter(k -> k.scope().subscriptionId().isPresent())
        .collect(Collectors.groupingBy(k -> k.scope().subscriptionId().get()));
    for (String sub : subscriptions) {
      if (facts.covered(Facet.ROLE_ASSIGNMENTS, sub)) {
        List<KnownAssignment> writes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (RoleAssignment a : listedBySub.getOrDefault(sub, List.of())) {
          String id = a.id().toLowerCase(Locale.ROOT);
          listed.add(id);
          KnownAssignment k = known.assignments().get(id);
          boolean same = k != null && !k.deleted() && k.grant().map(g -> g.principalId().equals(a.principalId())
              && g.roleDefinitionGuid().equals(a.roleDefinitionGuid())).orElse(false);
          if (!same && (k == null || !k.asOf().isAfter(now))) {
            writes.add(new KnownAssignment(a.id(), a.scope(), Optional.of(a), facts.roleName(a), now, false,
                MissedEventDetector.SWEEP_MARK));
          }
        }
        for (KnownAssignment k : knownBySub.getOrDefault(sub, List.of())) {
          if (!k.deleted() && k.asOf().isBefore(now) && !listed.contains(k.id().toLowerCase(Locale.ROOT))) {
            writes.add(new KnownAssignment(k.id(), k.scope(), k.grant(), k.roleName(), now, true,
                MissedEventDetector.SWEEP_MARK));
          }
        }
        inventory.putAssignments(writes);
      }
      if (facts.covered(Facet.SITES, sub)) {
        for (SiteIdentity site : facts.sites()) {
          if (site.siteId().subscriptionId().map(sub::equals).orElse(false)) {
            reconcileSite(site, known.identities().get(site.siteId()), facts, now);
          }
        }
      }
      if (facts.covered(Facet.USER_ASSIGNED_IDENTITIES, sub)) {
        for (UserAssignedIdentity i : facts.identities()) {
          KnownIdentity k = known.identities().get(i.resourceId());
          if (i.resourceId().subscriptionId().map(sub::equals).orElse(false) && (k == null || k.deleted()
              || !k.principalId().equals(Optional.of(i.principalId())))) {
            inventory.putIdentity(new KnownIdentity(i.resourceId(), KnownIdentity.Kind.USER_ASSIGNED,
                Optional.of(i.principalId()), Optional.of(i.clientId()), now, false, MissedEventDetector.SWEEP_MARK,
                k == null ? Optional.empty() : k.principalId().filter(p -> !p.equals(i.principalId()))));
          }
        }
      }
      if (List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.SITES, Facet.APP_SETTINGS,
          Facet.USER_ASSIGNED_IDENTITIES).stream().allMatch(f -> facts.covered(f, sub))) {
        inventory.markCompleteSweep(sub, now);
      }
    }
    if (facts.covered(Facet.ROLE_DEFINITIONS, SweepFacts.EVERYWHERE) && read.gaps.getOrDefault(
        Facet.ROLE_DEFINITIONS, Set.of()).isEmpty()) {
      for (RoleDefinition d : facts.definitions().values()) {
        KnownRole k = known.customRoles().get(d.guid());
        if (d.isCustom() && (k == null || !k.definition().equals(d))) {
          inventory.putCustomRole(new KnownRole(d, now));
        }
      }
    }
  }

  /**
   * Records the site's current principal, and the one before it: from the inventory, or else from a
   * soft-deleted identity naming the site, so the recycle stays known after deleted items are purged.
   */
  private void reconcileSite(SiteIdentity site, KnownIdentity k, SweepFacts facts, Instant now) {
    Optional<PrincipalId> current = site.systemAssignedPrincipalId();
    Optional<PrincipalId> before = k == null ? Optional.empty() : k.principalId();
    Optional<PrincipalId> previous = before.isPresent() && current.isPresent() && !before.equals(current)
        ? before : Optional.ofNullable(k).flatMap(KnownIdentity::previousPrincipalId)
            .or(() -> deletedIdentityOf(site, facts));
    if (k != null && !k.deleted() && before.equals(current) && previous.equals(k.previousPrincipalId())) {
      return;
    }
    inventory.putIdentity(new KnownIdentity(site.siteId(), KnownIdentity.Kind.SYSTEM_ASSIGNED,
        current.or(() -> before), Optional.empty(), now, current.isEmpty(), MissedEventDetector.SWEEP_MARK, previous));
  }

  private static Optional<PrincipalId> deletedIdentityOf(SiteIdentity site, SweepFacts facts) {
    return facts.deletedPrincipals().flatMap(d -> d.values().stream()
        .filter(Principal::isSystemAssignedIdentity)
        .filter(p -> p.managedIdentityResourceId().map(r -> Scope.parse(r).equals(site.siteId())).orElse(false))
        .filter(p -> !site.systemAssignedPrincipalId().equals(Optional.of(p.id())))
        .max(java.util.Comparator.comparing(p -> p.deletedDateTime().orElse(Instant.EPOCH)))
        .map(Principal::id));
  }

  private static Set<String> subscriptionsOf(List<Scope> scopes, Reading read) {
    Set<String> subs = new LinkedHashSet<>();
    scopes.forEach(s -> s.subscriptionId().ifPresent(subs::add));
    if (scopes.stream().anyMatch(s -> s.subscriptionId().isEmpty())) {
      read.assignments.values().forEach(a -> a.scope().subscriptionId().ifPresent(subs::add));
    }
    return subs;
  }

  private static String key(Scope scope) {
    return scope.subscriptionId().orElse(SweepFacts.EVERYWHERE);
  }

  /** What the sweep read, scope by scope, with the gaps it found. */
  private final class Reading {
    final Map<String, RoleAssignment> assignments = new LinkedHashMap<>();
    final Map<String, RoleDefinition> definitions = new HashMap<>();
    final List<DenyAssignment> deny = new ArrayList<>();
    final List<SiteIdentity> sites = new ArrayList<>();
    final Map<Scope, AppSettings> settings = new HashMap<>();
    final List<UserAssignedIdentity> identities = new ArrayList<>();
    final Map<Facet, Set<String>> gaps = new EnumMap<>(Facet.class);
    final List<String> gapLines = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
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

    private void addSite(SiteIdentity site) {
      sites.add(site);
      Lookup<AppSettings> s = resources.appSettings(site.siteId());
      if (s instanceof Lookup.Failed<AppSettings> f) {
        String key = site.siteId().subscriptionId().orElse(SweepFacts.EVERYWHERE);
        gap(Facet.APP_SETTINGS, key, "app settings of " + site.siteId().name() + ": " + f.reason());
        scopeGaps.computeIfAbsent(Scope.parse("/subscriptions/" + key), k -> new ArrayList<>())
            .add("settings of " + site.siteId().name());
      }
      s.found().ifPresent(v -> settings.put(site.siteId(), v));
    }

    void scope(Scope scope) {
      if (!readWide(Facet.ROLE_ASSIGNMENTS, scope)) {
        take(authorization.roleAssignmentsFor(scope), Facet.ROLE_ASSIGNMENTS, scope, list -> list.forEach(this::add));
      }
      if (!readWide(Facet.ROLE_DEFINITIONS, scope)) {
        take(authorization.roleDefinitionsAt(scope), Facet.ROLE_DEFINITIONS, scope,
            list -> list.forEach(d -> definitions.putIfAbsent(d.guid(), d)));
      }
      take(authorization.denyAssignmentsFor(scope), Facet.DENY_ASSIGNMENTS, scope, deny::addAll);
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
      for (Facet f : List.of(Facet.ROLE_ASSIGNMENTS, Facet.ROLE_DEFINITIONS, Facet.DENY_ASSIGNMENTS, Facet.SITES,
          Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES)) {
        gaps.computeIfAbsent(f, k -> new HashSet<>()).add(key);
      }
      gapLines.add(line);
    }

    private final Map<String, Integer> perSubscription = new HashMap<>();

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

    long sitesIn(Scope scope) {
      return sites.stream().filter(s -> scope.contains(s.siteId())).count();
    }

    String gapsOf(Scope scope) {
      List<String> g = scopeGaps.getOrDefault(scope, List.of());
      return g.isEmpty() ? "" : "; NOT READ: " + String.join(", ", g);
    }
  }
}

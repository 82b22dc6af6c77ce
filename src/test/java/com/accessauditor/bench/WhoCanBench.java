package com.accessauditor.bench;

import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.app.Stores;
import com.accessauditor.detect.DetectorInfo;
import com.accessauditor.detect.Detectors;
import com.accessauditor.detect.Facet;
import com.accessauditor.detect.Reach;
import com.accessauditor.detect.SweepDetector;
import com.accessauditor.detect.SweepFacts;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.sweep.SweepService;
import com.accessauditor.whocan.IdentityActors;
import com.accessauditor.whocan.WhoCanAnswer;
import com.accessauditor.whocan.WhoCanQuestion;
import com.accessauditor.whocan.WhoCanService;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * who-can over SweepBench's tenant (N assignments in subscriptions of 3,500, a resource group's list served
 * as ARM lists it: its own, its resources' and its subscription's grants), through the real adapters over
 * local HTTPS: p50 and p99 per kind of question, beside the floor measured in the same run (the same ARM
 * list read alone, no evaluation). Then the sweep in one pass with each detector timed: ESCALATION_PATH's
 * share of the sweep's time (goal at most 20 %).
 *
 * <p>Run: {@code bench/run who-can} (args: assignments, questions per kind).
 */
public final class WhoCanBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_SUBSCRIPTION = 3500;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int questions = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int subscriptions = Math.max(1, (n + PER_SUBSCRIPTION - 1) / PER_SUBSCRIPTION);
    int principals = Math.max(1, n / 4);
    int sites = Math.max(1, n / 1000);
    System.out.printf("who-can over %,d assignments in %d subscription(s), %,d principals, %d apps%n", n,
        subscriptions, principals, sites);
    try (LocalHttpsServer server = new LocalHttpsServer()) {
      SweepBench.appWriters = true;
      List<Scope> scopes = SweepBench.serve(server, n, subscriptions, principals, sites, false);
      serveResourceGroupLists(server, n, subscriptions, principals);
      serveGroupMembers(server, principals);
      TokenCredential credential = r -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));
      AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
          server.clientTls(), Duration.ofSeconds(60));
      WhoCanService whoCan = new WhoCanService(tenant.authorization(), tenant.directory(),
          Optional.of(new IdentityActors(tenant.authorization(), tenant.directory())));

      Map<String, List<WhoCanQuestion>> kinds = new LinkedHashMap<>();
      for (int q = 0; q < questions; q++) {
        String rg = "/subscriptions/" + SweepBench.guid(0x5000, q % subscriptions) + "/resourceGroups/rg-" + (q % 40);
        kinds.computeIfAbsent("who can grant roles on a resource group", k -> new ArrayList<>())
            .add(WhoCanQuestion.of(rg, "Microsoft.Authorization/roleAssignments/write", false));
        kinds.computeIfAbsent("who can read blobs in a resource group (data)", k -> new ArrayList<>())
            .add(WhoCanQuestion.of(rg, "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", false));
        kinds.computeIfAbsent("who can write there, acting as identities too", k -> new ArrayList<>())
            .add(WhoCanQuestion.of(rg, "Microsoft.Resources/deployments/write", true));
      }
      // Warm the JIT and the connection pool on questions of every kind, not measured.
      kinds.values().forEach(list -> list.stream().limit(3).forEach(whoCan::answer));
      for (Map.Entry<String, List<WhoCanQuestion>> kind : kinds.entrySet()) {
        List<Long> took = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        long holders = 0;
        boolean complete = true;
        for (WhoCanQuestion q : kind.getValue()) {
          long t0 = System.nanoTime();
          tenant.authorization().roleAssignmentsFor(q.scope());
          floor.add(System.nanoTime() - t0);
          long t1 = System.nanoTime();
          WhoCanAnswer a = whoCan.answer(q);
          took.add(System.nanoTime() - t1);
          holders += a.holders().size();
          complete &= a.complete();
        }
        System.out.printf("  %-48s p50 %6.1f ms  p99 %6.1f ms   (floor: the ARM list alone p50 %5.1f ms, p99 %5.1f"
            + " ms); %.0f principal(s) per answer, complete=%s%n", kind.getKey(), ms(took, 50), ms(took, 99),
            ms(floor, 50), ms(floor, 99), holders / (double) kind.getValue().size(), complete);
      }

      // The sweep in one pass, each detector timed.
      Map<String, AtomicLong> spent = new LinkedHashMap<>();
      List<SweepDetector> timed = Detectors.SWEEP.stream().map(d -> timed(d, spent)).toList();
      SweepService sweep = new SweepService(tenant.authorization(), tenant.resources(), tenant.directory(),
          Stores.inMemory().inventory(), Stores.inMemory().findings(), Clock.systemUTC(), timed);
      for (int run = 1; run <= 2; run++) {
        spent.clear();
        long start = System.nanoTime();
        var report = sweep.run(scopes, Optional.empty(), line -> { });
        long wall = System.nanoTime() - start;
        long escalation = spent.getOrDefault("EscalationPathDetector", new AtomicLong()).get();
        long all = spent.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("sweep run %d: %,d ms; detectors %,d ms in all; ESCALATION_PATH %,d ms = %.1f %% of the"
            + " sweep (goal <= 20 %%), %d finding(s) of it%n", run, wall / 1_000_000, all / 1_000_000,
            escalation / 1_000_000, 100.0 * escalation / wall,
            report.open().stream().filter(f -> f.kind() == FindingKind.ESCALATION_PATH).count());
      }
    }
    System.exit(0);
  }

  private static double ms(List<Long> nanos, int percentile) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int at = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, at)) / 1e6;
  }

  /** The detector, its inspect timed into {@code spent} under its class's name. */
  private static SweepDetector timed(SweepDetector d, Map<String, AtomicLong> spent) {
    String name = d.getClass().getSimpleName();
    return new SweepDetector() {
      @Override public Set<FindingKind> kinds() { return d.kinds(); }
      @Override public Set<Facet> needs() { return d.needs(); }
      @Override public Reach reach() { return d.reach(); }
      @Override public boolean resolvesWhenGone() { return d.resolvesWhenGone(); }
      @Override public Set<Facet> needsToResolve(Finding f) { return d.needsToResolve(f); }
      @Override public boolean joins(RoleAssignment a, SweepFacts chunk) { return d.joins(a, chunk); }
      @Override public Set<PrincipalId> joinsOn(SweepFacts s) { return d.joinsOn(s); }
      @Override public DetectorInfo info() { return d.info(); }
      @Override public List<FindingDraft> inspect(SweepFacts facts) {
        long t0 = System.nanoTime();
        try {
          return d.inspect(facts);
        } finally {
          spent.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(System.nanoTime() - t0);
        }
      }
    };
  }

  /**
   * A resource group's list as ARM gives it: the grants at the group and below, and its subscription's own.
   * SweepBench places every grant at a resource group or a storage account in it, so the subscription holds
   * none of its own: the group's rows are the grants at rg-K and its accounts.
   */
  private static void serveResourceGroupLists(LocalHttpsServer server, int n, int subscriptions, int principals) {
    Map<String, ArrayNode> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int s = i % subscriptions;
      String sub = "/subscriptions/" + SweepBench.guid(0x5000, s);
      String scope = SweepBench.scopeOf(i, sub);
      String rg = scope.contains("/providers/") ? scope.substring(0, scope.indexOf("/providers/")) : scope;
      String role = SweepBench.role(i);
      String assignment = SweepBench.guid(0xA000, i);
      ObjectNode row = JSON.createObjectNode().put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/"
          + assignment).put("name", assignment).put("type", "Microsoft.Authorization/roleAssignments");
      row.putObject("properties").put("roleDefinitionId", sub + "/providers/Microsoft.Authorization/roleDefinitions/"
          + role).put("principalId", SweepBench.guid(0xB000, i % principals))
          .put("principalType", i % 3 == 0 ? "Group" : "User").put("scope", scope);
      byGroup.computeIfAbsent(rg, k -> JSON.createArrayNode()).add(row);
    }
    // An app's own list: the grants on its resource group (SweepBench's apps sit in rg-apps, granted nothing
    // at the app itself).
    for (int k = 0; k < Math.max(1, n / 1000); k++) {
      String sub = "/subscriptions/" + SweepBench.guid(0x5000, k % subscriptions);
      ArrayNode onApps = byGroup.getOrDefault(sub + "/resourceGroups/rg-apps", JSON.createArrayNode());
      String site = sub + "/resourceGroups/rg-apps/providers/Microsoft.Web/sites/func-" + k;
      ObjectNode body = JSON.createObjectNode();
      body.set("value", onApps);
      server.always("GET", site + "/providers/Microsoft.Authorization/roleAssignments", Reply.json(200, body.toString()));
      server.always("GET", site + "/providers/Microsoft.Authorization/roleDefinitions", Reply.json(200, "{\"value\":[]}"));
    }
    byGroup.forEach((rg, rows) -> {
      String base = rg + "/providers/Microsoft.Authorization/roleAssignments";
      for (int from = 0, page = 0; from < Math.max(rows.size(), 1); from += 1000, page++) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        for (int k = from; k < Math.min(rows.size(), from + 1000); k++) {
          value.add(rows.get(k));
        }
        if (from + 1000 < rows.size()) {
          body.put("nextLink", server.url() + base.substring(1) + "/page" + (page + 1));
        }
        server.always("GET", page == 0 ? base : base + "/page" + page, Reply.json(200, body.toString()));
      }
      for (String list : List.of("roleDefinitions", "denyAssignments", "roleEligibilityScheduleInstances")) {
        // No custom roles: the built-in roles are the catalogue's, with their real data actions.
        server.always("GET", rg + "/providers/Microsoft.Authorization/" + list, Reply.json(200, "{\"value\":[]}"));
      }
    });
  }

  /** Every principal, asked as a group, has three members (Graph transitiveMembers). */
  private static void serveGroupMembers(LocalHttpsServer server, int principals) {
    for (int p = 0; p < principals; p++) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode value = body.putArray("value");
      for (int j = 1; j <= 3; j++) {
        int m = (p * 7 + j) % principals;
        value.addObject().put("@odata.type", "#microsoft.graph.user").put("id", SweepBench.guid(0xB000, m))
            .put("displayName", "User " + m).put("userPrincipalName", "user" + m + "@contoso.com");
      }
      server.always("GET", "/v1.0/groups/" + SweepBench.guid(0xB000, p) + "/transitiveMembers", Reply.json(200,
          body.toString()));
    }
  }
}

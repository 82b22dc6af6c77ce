package com.accessauditor.bench;

import com.accessauditor.app.Stores;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.detect.Detectors;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.Scope;
import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.support.Azurite;
import com.accessauditor.support.LocalHttpsServer.Reply;
import com.accessauditor.support.LocalHttpsServer;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepService;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The sweep at scale, through the real adapters: a generated tenant of N role assignments served by a local
 * HTTPS server in the ARM and Graph shapes (ARM pages of 1,000 with nextLink; Graph getByIds answering the
 * ids asked), swept by the production SweepService into memory or Azurite. Prints wall time, peak heap, and
 * HTTP calls per 1,000 assignments.
 *
 * <p>Run: {@code mvn -q -DallowTelemetry=false test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=SweepBench -Dexec.args="100000 memory 3500 rg"}: assignments,
 * store (memory|azurite), assignments per subscription, and rg (Resource Graph available) or arm (only
 * per-subscription listing).
 */
public final class SweepBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1000;
  private static int perSubscription = 3500;
  private static final String[] ROLES = {BuiltInRoles.READER, BuiltInRoles.READER, BuiltInRoles.CONTRIBUTOR,
      BuiltInRoles.STORAGE_BLOB_DATA_OWNER, BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR, BuiltInRoles.OWNER};

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String store = args.length > 1 ? args[1] : "memory";
    perSubscription = args.length > 2 ? Integer.parseInt(args[2]) : perSubscription;
    boolean resourceGraph = !(args.length > 3 && args[3].equals("arm"));
    int subscriptions = Math.max(1, (n + perSubscription - 1) / perSubscription);
    int principals = Math.max(1, n / 4);
    int sites = Math.max(1, n / 1000);
    System.out.printf("generating %,d assignments in %d subscription(s), %,d principals, %d apps%n", n, subscriptions,
        principals, sites);

    try (LocalHttpsServer server = new LocalHttpsServer()) {
      List<Scope> scopes = serve(server, n, subscriptions, principals, sites, resourceGraph);
      TokenCredential credential = r -> Mono.just(new AccessToken("bench", OffsetDateTime.now().plusHours(1)));
      AzureTenant tenant = AzureTenant.connect(credential, new AzureEndpoints(server.url(), server.url()),
          server.clientTls(), Duration.ofSeconds(60));
      Stores stores = store.equals("azurite")
          ? Stores.of(StorageAccount.withConnectionString(Azurite.connectionString())) : Stores.inMemory();
      SweepService sweep = new SweepService(tenant.authorization(), tenant.resources(), tenant.directory(),
          stores.inventory(), stores.findings(),
          Clock.systemUTC(), Detectors.SWEEP);

      for (int run = 1; run <= 2; run++) {
        int before = server.requests().size();
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        long t0 = start;
        SweepReport report = sweep.run(scopes, Optional.empty(), line -> {
          if (System.getProperty("bench.verbose") != null) {
            System.out.printf("  %6d ms  %s%n", (System.nanoTime() - t0) / 1_000_000, line);
          }
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        List<String> calls = server.requests().subList(before, server.requests().size());
        Map<String, Long> byKind = calls.stream().collect(Collectors.groupingBy(SweepBench::kind, TreeMap::new,
            Collectors.counting()));
        Map<FindingKind, Long> findings = report.open().stream().collect(Collectors.groupingBy(Finding::kind,
            TreeMap::new, Collectors.counting()));
        System.out.printf("run %d (%s store): %,d ms, peak heap %,d MB, %,d assignments, %,d principals, complete=%s%n",
            run, store, ms, peak / (1024 * 1024), report.assignments(), report.principals(), report.complete());
        System.out.printf("  HTTP calls: %d total = %.2f per 1,000 assignments; %s%n", calls.size(),
            calls.size() * 1000.0 / n, byKind);
        System.out.printf("  findings: %d open (%d new), %d resolved; %s%n", report.open().size(), report.opened(),
            report.resolved().size(), findings);
      }
      System.out.printf("JVM max heap %,d MB, %d processors%n", Runtime.getRuntime().maxMemory() / (1024 * 1024),
          Runtime.getRuntime().availableProcessors());
    }
    System.exit(0);
  }

  static String kind(String request) {
    String r = request.toLowerCase();
    if (r.contains("resourcegraph")) {
      return "resource graph";
    }
    if (r.contains("getbyids")) {
      return "graph getByIds";
    }
    if (r.contains("deleteditems")) {
      return "graph deletedItems";
    }
    if (r.contains("scheduleinstances")) {
      return "arm PIM";
    }
    if (r.contains("roleassignments")) {
      return "arm roleAssignments";
    }
    if (r.contains("roledefinitions")) {
      return "arm roleDefinitions";
    }
    if (r.contains("denyassignments")) {
      return "arm denyAssignments";
    }
    if (r.contains("appsettings")) {
      return "arm appsettings";
    }
    if (r.contains("microsoft.web/sites")) {
      return "arm sites";
    }
    return "arm identities";
  }

  static List<Scope> serve(LocalHttpsServer server, int n, int subscriptions, int principals, int sites,
      boolean resourceGraph) {
    ArrayNode all = JSON.createArrayNode();
    List<Scope> scopes = new ArrayList<>();
    Map<Integer, ArrayNode> bySubscription = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int s = i % subscriptions;
      String sub = "/subscriptions/" + guid(0x5000, s);
      String scope = scopeOf(i, sub);
      String role = role(i);
      String assignment = guid(0xA000, i);
      ObjectNode row = JSON.createObjectNode().put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/"
          + assignment).put("name", assignment).put("type", "Microsoft.Authorization/roleAssignments");
      row.putObject("properties").put("roleDefinitionId", sub + "/providers/Microsoft.Authorization/roleDefinitions/"
          + role).put("principalId", guid(0xB000, i % principals)).put("principalType", i % 3 == 0 ? "Group" : "User")
          .put("scope", scope).put("createdOn", "2026-01-01T00:00:00Z").put("createdBy", guid(0xC000, 1));
      bySubscription.computeIfAbsent(s, k -> JSON.createArrayNode()).add(row);
      all.add(row);
    }
    if (resourceGraph) {
      server.compute("POST", "/providers/Microsoft.ResourceGraph/resources", body -> {
        try {
          if (!body.contains("roleassignments")) {
            return Reply.json(200, resourceGraphRows(body, subscriptions, sites));
          }
          int from = JSON.readTree(body).path("options").path("$skipToken").asInt(0);
          ObjectNode page = JSON.createObjectNode().put("totalRecords", all.size());
          ArrayNode data = page.putArray("data");
          for (int k = from; k < Math.min(all.size(), from + PAGE); k++) {
            data.add(all.get(k));
          }
          page.put("count", data.size()).put("resultTruncated", "false");
          if (from + PAGE < all.size()) {
            page.put("$skipToken", String.valueOf(from + PAGE));
          }
          return Reply.json(200, page.toString());
        } catch (Exception e) {
          return Reply.json(400, "{\"error\":{\"code\":\"BadRequest\"}}");
        }
      });
    }
    for (int s = 0; s < subscriptions; s++) {
      String sub = "/subscriptions/" + guid(0x5000, s);
      scopes.add(Scope.parse(sub));
      ArrayNode rows = bySubscription.getOrDefault(s, JSON.createArrayNode());
      String base = sub + "/providers/Microsoft.Authorization/roleAssignments";
      for (int from = 0, page = 0; from < Math.max(rows.size(), 1); from += PAGE, page++) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        for (int k = from; k < Math.min(rows.size(), from + PAGE); k++) {
          value.add(rows.get(k));
        }
        if (from + PAGE < rows.size()) {
          body.put("nextLink", server.url() + base.substring(1) + "/page" + (page + 1));
        }
        server.always("GET", page == 0 ? base : base + "/page" + page, Reply.json(200, body.toString()));
      }
      server.always("GET", sub + "/providers/Microsoft.Authorization/roleDefinitions", Reply.json(200, definitions(sub)));
      server.always("GET", sub + "/providers/Microsoft.Authorization/denyAssignments", Reply.json(200, "{\"value\":[]}"));
      server.always("GET", sub + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
          Reply.json(200, "{\"value\":[]}"));
      // A tenant with PIM in which nobody is eligible here: two more lists per subscription.
      server.always("GET", sub + "/providers/Microsoft.Authorization/roleEligibilityScheduleInstances",
          Reply.json(200, "{\"value\":[]}"));
      server.always("GET", sub + "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances",
          Reply.json(200, "{\"value\":[]}"));
      ObjectNode siteList = JSON.createObjectNode();
      ArrayNode siteRows = siteList.putArray("value");
      for (int k = s; k < sites; k += subscriptions) {
        String site = sub + "/resourceGroups/rg-apps/providers/Microsoft.Web/sites/func-" + k;
        ObjectNode row = siteRows.addObject().put("id", site).put("name", "func-" + k).put("kind", "functionapp");
        row.putObject("identity").put("type", "SystemAssigned").put("principalId", guid(0xB000, k));
        server.always("POST", site + "/config/appsettings/list", Reply.json(200,
            "{\"properties\":{\"AzureWebJobsStorage__accountName\":\"st" + k + "\"}}"));
      }
      server.always("GET", sub + "/providers/Microsoft.Web/sites", Reply.json(200, siteList.toString()));
    }
    // 95% of principals exist, 3% are soft-deleted, 2% are gone for good.
    Set<String> deleted = new HashSet<>();
    ObjectNode deletedBody = JSON.createObjectNode();
    ArrayNode deletedRows = deletedBody.putArray("value");
    for (int p = 0; p < principals; p++) {
      if (p % 100 >= 95 && p % 100 < 98) {
        deleted.add(guid(0xB000, p));
        deletedRows.addObject().put("id", guid(0xB000, p)).put("displayName", "former " + p)
            .put("userPrincipalName", "former" + p + "@contoso.com").put("deletedDateTime", "2026-11-20T00:00:00Z");
      }
    }
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.user", Reply.json(200, deletedBody.toString()));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal", Reply.json(200, "{\"value\":[]}"));
    server.always("GET", "/v1.0/directory/deletedItems/microsoft.graph.group", Reply.json(200, "{\"value\":[]}"));
    server.compute("POST", "/v1.0/directoryObjects/getByIds", body -> {
      try {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode value = answer.putArray("value");
        for (JsonNode id : JSON.readTree(body).path("ids")) {
          int p = (int) (Long.parseLong(id.asText().substring(24), 16) - ((long) 0xB000 << 20));
          if (deleted.contains(id.asText()) || (p % 100) >= 98) {
            continue;
          }
          if (appWriters && p < sites) {
            // An app's own identity, as Graph gives a managed identity: alternativeNames name the app.
            ObjectNode mi = value.addObject().put("@odata.type", "#microsoft.graph.servicePrincipal")
                .put("id", id.asText()).put("displayName", "func-" + p).put("servicePrincipalType", "ManagedIdentity");
            mi.putArray("alternativeNames").add("isExplicit=False").add("/subscriptions/" + guid(0x5000, p % subscriptions)
                + "/resourceGroups/rg-apps/providers/Microsoft.Web/sites/func-" + p);
            continue;
          }
          value.addObject().put("@odata.type", "#microsoft.graph.user").put("id", id.asText())
              .put("displayName", "User " + p).put("userPrincipalName", "user" + p + "@contoso.com")
              .put("userType", "Member");
        }
        return Reply.json(200, answer.toString());
      } catch (Exception e) {
        return Reply.json(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"" + e.getMessage() + "\"}}");
      }
    });
    return scopes;
  }

  /** Definitions, sites and identities as Resource Graph rows (one page each). */
  private static String resourceGraphRows(String body, int subscriptions, int sites) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    if (body.contains("roledefinitions")) {
      try {
        JSON.readTree(definitions("/subscriptions/" + guid(0x5000, 0))).path("value").forEach(data::add);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    } else if (body.contains("microsoft.web/sites")) {
      for (int k = 0; k < sites; k++) {
        String site = "/subscriptions/" + guid(0x5000, k % subscriptions) + "/resourceGroups/rg-apps/providers/"
            + "Microsoft.Web/sites/func-" + k;
        ObjectNode row = data.addObject().put("id", site).put("name", "func-" + k).put("kind", "functionapp");
        row.putObject("identity").put("type", "SystemAssigned").put("principalId", guid(0xB000, k));
      }
    }
    page.put("count", data.size()).put("resultTruncated", "false");
    return page.toString();
  }

  /**
   * With app writers (WhoCanBench), one assignment in 1,000 is Contributor on the apps' resource group: whoever
   * holds it can deploy to the apps there and act as their identities.
   */
  static boolean appWriters;

  private static boolean writesApps(int i) {
    return appWriters && i % 1000 == 1;
  }

  /** Where generated assignment i is: a resource group, or one of its storage accounts. */
  static String scopeOf(int i, String sub) {
    if (writesApps(i)) {
      return sub + "/resourceGroups/rg-apps";
    }
    return sub + "/resourceGroups/rg-" + (i % 40) + (i % 7 == 0 ? "/providers/Microsoft.Storage/storageAccounts/st"
        + (i % 300) : "");
  }

  /** The role of generated assignment i: Reader, Contributor, the storage data roles, Owner for one in 100. */
  static String role(int i) {
    return writesApps(i) ? BuiltInRoles.CONTRIBUTOR : ROLES[(i % 100 == 0) ? 5 : i % 5];
  }

  private static String definitions(String sub) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode value = body.putArray("value");
    Map<String, String> names = Map.of(BuiltInRoles.READER, "Reader", BuiltInRoles.CONTRIBUTOR, "Contributor",
        BuiltInRoles.OWNER, "Owner", BuiltInRoles.STORAGE_BLOB_DATA_OWNER, "Storage Blob Data Owner",
        BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR, "Storage Queue Data Contributor");
    names.forEach((guid, name) -> {
      ObjectNode row = value.addObject().put("id", sub + "/providers/Microsoft.Authorization/roleDefinitions/" + guid)
          .put("name", guid).put("type", "Microsoft.Authorization/roleDefinitions");
      ObjectNode p = row.putObject("properties").put("roleName", name).put("type", "BuiltInRole");
      p.putArray("assignableScopes").add("/");
      p.putArray("permissions").addObject().putArray("actions").add(name.equals("Reader") ? "*/read" : "*");
    });
    return body.toString();
  }

  /** A GUID whose last 12 hex digits are {@code base * 2^20 + i}: decodable, and unique per (base, i). */
  static String guid(int base, int i) {
    return String.format("0a1b2c3d-0000-4000-8000-%012x", ((long) base << 20) + i);
  }
}

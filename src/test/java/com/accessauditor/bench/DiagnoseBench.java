package com.accessauditor.bench;

import com.accessauditor.diagnose.AccessDiagnosis;
import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.diagnose.Diagnosis;
import com.accessauditor.snapshot.SnapshotTenant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * Evaluation time per 403 diagnosis for a principal with N role assignments (its own and its groups') in
 * scope, none of which grants the action: the worst case, every assignment's role is evaluated, the
 * verdict is DENIED and the least-privileged role is looked up. The tenant holds 10x as many other
 * assignments. Answered from a snapshot, so the figure is the evaluation, not the ARM round trips.
 *
 * <p>Run: {@code mvn -q -DallowTelemetry=false test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.accessauditor.bench.DiagnoseBench -Dexec.args="1000"}
 */
public final class DiagnoseBench {
  private static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  private static final String RG = SUB + "/resourceGroups/rg-bench";
  private static final String TARGET = RG + "/providers/Microsoft.Storage/storageAccounts/stbench";
  private static final String PRINCIPAL = "0b000000-0000-4000-8000-000000000001";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = tenant(n);
    SnapshotTenant tenant = SnapshotTenant.load(dir);
    AccessDiagnosis diagnosis = new AccessDiagnosis(tenant, tenant, tenant, Optional.empty(), Clock.systemUTC());
    AccessQuestion question = AccessQuestion.of(Optional.of(PRINCIPAL), Optional.of(TARGET), Optional.of(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"), Optional.empty());
    Diagnosis first = diagnosis.diagnose(question);
    for (int i = 0; i < 200; i++) {
      diagnosis.diagnose(question);
    }
    int runs = 1000;
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      diagnosis.diagnose(question);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    // The limit in the same run: a linear pass over the tenant's assignments, which each request must make.
    long scan = scan(tenant);
    System.out.printf("diagnose: %s with %d assignments in scope (tenant %d), %d requests%n", first.verdict(),
        first.assignmentsEvaluated(), n * 11, runs);
    System.out.printf("  per request: p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n", nanos[runs / 2] / 1e6,
        nanos[runs * 99 / 100] / 1e6, Arrays.stream(nanos).average().orElse(0) / 1e6);
    System.out.printf("  one pass over the tenant's assignments (the floor): %.2f ms; p50 / floor = %.1f%n",
        scan / 1e6, (double) nanos[runs / 2] / scan);
  }

  private static long scan(SnapshotTenant tenant) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 200; i++) {
      long t = System.nanoTime();
      tenant.roleAssignmentsFor(com.accessauditor.model.Scope.parse(TARGET));
      best = Math.min(best, System.nanoTime() - t);
    }
    return best;
  }

  private static Path tenant(int n) throws Exception {
    Path dir = Files.createTempDirectory("diagnose-bench");
    ArrayNode assignments = JSON.createArrayNode();
    ArrayNode definitions = JSON.createArrayNode();
    ArrayNode principals = JSON.createArrayNode();
    int groups = 10;
    ObjectNode me = principals.addObject().put("@odata.type", "#microsoft.graph.user").put("id", PRINCIPAL)
        .put("displayName", "Bench User").put("userPrincipalName", "bench@contoso.com");
    ArrayNode memberOf = me.putArray("memberOf");
    for (int g = 0; g < groups; g++) {
      String gid = String.format("0b000000-0000-4000-8000-%012d", 100 + g);
      memberOf.add(gid);
      principals.addObject().put("@odata.type", "#microsoft.graph.group").put("id", gid).put("displayName", "g" + g);
    }
    int roles = 50;
    for (int r = 0; r < roles; r++) {
      ObjectNode p = definitions.addObject().put("id", SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
          + String.format("0c000000-0000-4000-8000-%012d", r)).putObject("properties");
      p.put("roleName", "Custom " + r).put("type", "CustomRole");
      ArrayNode actions = p.putArray("permissions").addObject().putArray("actions");
      for (int a = 0; a < 20; a++) {
        actions.add("Microsoft.Custom" + r + "/things" + a + "/*");
      }
    }
    String[] scopes = {SUB, RG, TARGET};
    for (int i = 0; i < n * 11; i++) {
      boolean mine = i < n;
      String principal = !mine ? String.format("0d000000-0000-4000-8000-%012d", i)
          : i % (groups + 1) == 0 ? PRINCIPAL : String.format("0b000000-0000-4000-8000-%012d", 100 + i % groups);
      String scope = mine ? scopes[i % 3] : SUB + "/resourceGroups/other-" + (i % 200);
      ObjectNode p = assignments.addObject().put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/"
          + String.format("0e000000-0000-4000-8000-%012d", i)).putObject("properties");
      p.put("roleDefinitionId", SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
          + String.format("0c000000-0000-4000-8000-%012d", i % roles)).put("principalId", principal)
          .put("principalType", "User").put("scope", scope).put("createdOn", "2026-01-01T00:00:00Z");
    }
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_ASSIGNMENTS), JSON.createObjectNode().set("value", assignments)
        .toString());
    Files.writeString(dir.resolve(SnapshotTenant.ROLE_DEFINITIONS), JSON.createObjectNode().set("value", definitions)
        .toString());
    Files.writeString(dir.resolve(SnapshotTenant.PRINCIPALS), JSON.createObjectNode().set("value", principals)
        .toString());
    return dir;
  }
}

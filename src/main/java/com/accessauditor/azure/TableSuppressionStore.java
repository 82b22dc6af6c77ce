package com.accessauditor.azure;

import com.accessauditor.alerts.SuppressionRule;
import com.accessauditor.alerts.SuppressionStore;
import com.accessauditor.baseline.ScopePattern;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.PrincipalId;
import com.azure.data.tables.models.TableEntity;
import java.time.Instant;
import java.util.List;

/** `suppressions`: partition "rule", row = rule id; `kind`, `principalId`, `role`, `scope`, `expiresAt`, `reason`. */
final class TableSuppressionStore implements SuppressionStore {
  private static final String PARTITION = "rule";
  private final Table table;

  TableSuppressionStore(Table table) {
    this.table = table;
  }

  @Override
  public void put(SuppressionRule r) {
    TableEntity e = new TableEntity(PARTITION, TableKeys.encode(r.id()));
    Entities.put(e, "ruleId", r.id());
    Entities.put(e, "kind", r.kind().map(Enum::name));
    Entities.put(e, "principalId", r.principal().map(PrincipalId::value));
    Entities.put(e, "role", r.role());
    Entities.put(e, "scope", r.scope().map(ScopePattern::text));
    e.addProperty("expiresAt", Entities.time(r.expiresAt()));
    Entities.put(e, "reason", r.reason());
    Entities.put(e, "createdBy", r.createdBy());
    e.addProperty("createdAt", Entities.time(r.createdAt()));
    table.upsert(e);
  }

  @Override
  public List<SuppressionRule> list() {
    return table.query("PartitionKey eq " + TableKeys.odataString(PARTITION)).stream().map(e -> new SuppressionRule(
        Entities.string(e, "ruleId"),
        Entities.optional(e, "kind").map(FindingKind::valueOf),
        Entities.optional(e, "principalId").map(PrincipalId::parse),
        Entities.optional(e, "role"),
        Entities.optional(e, "scope").map(ScopePattern::new),
        Entities.instant(e, "expiresAt").orElse(Instant.EPOCH),
        Entities.string(e, "reason"),
        Entities.string(e, "createdBy"),
        Entities.instant(e, "createdAt").orElse(Instant.EPOCH))).toList();
  }
}

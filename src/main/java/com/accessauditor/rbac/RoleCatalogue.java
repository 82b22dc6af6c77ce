package com.accessauditor.rbac;

import com.accessauditor.rbac.RoleEvaluation;
import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.snapshot.SnapshotShapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Built-in roles with their real permission blocks (roles/builtin-roles.json, from Microsoft's built-in roles
 * reference), for when ARM's own list cannot be read, and the least-privileged role that grants an action.
 */
public final class RoleCatalogue {
  private static volatile List<RoleDefinition> builtIns;

  private RoleCatalogue() {}

  /** Loaded on first use, so an app that never diagnoses never parses it. */
  public static List<RoleDefinition> builtIns() {
    if (builtIns == null) {
      try (InputStream in = RoleCatalogue.class.getResourceAsStream("/roles/builtin-roles.json")) {
        List<RoleDefinition> out = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(in).path("value")) {
          out.add(SnapshotShapes.roleDefinition(row));
        }
        builtIns = List.copyOf(out);
      } catch (IOException e) {
        throw new UncheckedIOException("the built-in role catalogue in the jar is unreadable", e);
      }
    }
    return builtIns;
  }

  public static Optional<RoleDefinition> builtIn(String guid) {
    return builtIns().stream().filter(d -> d.guid().equalsIgnoreCase(guid)).findFirst();
  }

  /**
   * The built-in roles that grant the action, least privileged first: the tenant's own list (every built-in
   * role when read from ARM) and the catalogue.
   */
  public static List<RoleDefinition> granting(String action, ActionKind kind, Collection<RoleDefinition> known) {
    Map<String, RoleDefinition> byGuid = new LinkedHashMap<>();
    known.stream().filter(d -> !d.isCustom()).forEach(d -> byGuid.putIfAbsent(d.guid(), d));
    builtIns().forEach(d -> byGuid.putIfAbsent(d.guid(), d));
    return byGuid.values().stream().filter(d -> RoleEvaluation.grants(d, action, kind))
        .sorted(Comparator.comparingDouble(RoleCatalogue::breadth).thenComparing(RoleDefinition::roleName))
        .toList();
  }

  /**
   * How much a role can do, roughly: each pattern weighs more the more it covers (a wildcard high in the
   * tree covers more than one deep in it), and anything that changes things weighs a thousand times what
   * reads do. NotActions take a little away. Only the order matters.
   */
  static double breadth(RoleDefinition d) {
    double total = 0;
    for (RoleDefinition.Permission p : d.permissions()) {
      for (String pattern : concat(p.actions(), p.dataActions())) {
        total += weight(pattern);
      }
      total -= p.notActions().size() + p.notDataActions().size();
    }
    return total;
  }

  private static double weight(String pattern) {
    boolean readOnly = pattern.toLowerCase(java.util.Locale.ROOT).endsWith("/read");
    int star = pattern.indexOf('*');
    double cover = 1;
    if (star >= 0) {
      long segmentsBefore = pattern.substring(0, star).chars().filter(c -> c == '/').count();
      cover = Math.pow(10, 6 - Math.min(segmentsBefore, 5));
    }
    return cover * (readOnly ? 1 : 1000);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}

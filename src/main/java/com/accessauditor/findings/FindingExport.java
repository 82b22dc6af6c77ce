package com.accessauditor.findings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Findings as JSON objects and CSV rows, with the field names of the table schema, for the command line and
 * the HTTP function alike.
 */
public final class FindingExport {
  public static final List<String> COLUMNS = List.of("fingerprint", "kind", "severity", "status", "subscriptionId",
      "scope", "principalId", "principalType", "principalName", "roleName", "title", "detail", "remediation",
      "firstSeen", "lastSeen", "resolvedAt", "source", "evidence", "suppressedBy", "suppressedBecause",
      "causedBy");
  private static final ObjectMapper JSON = new ObjectMapper();

  private FindingExport() {}

  public static ObjectNode json(Finding f) {
    ObjectNode node = JSON.createObjectNode();
    List<String> values = values(f);
    for (int i = 0; i < COLUMNS.size(); i++) {
      boolean absent = values.get(i).isEmpty() && (COLUMNS.get(i).equals("resolvedAt")
          || COLUMNS.get(i).equals("causedBy"));
      node.put(COLUMNS.get(i), absent ? null : values.get(i));
    }
    return node;
  }

  public static ArrayNode jsonArray(List<Finding> findings) {
    ArrayNode array = JSON.createArrayNode();
    findings.forEach(f -> array.add(json(f)));
    return array;
  }

  /** RFC 4180 CSV with a header row; cells a spreadsheet would run as a formula are prefixed with '. */
  public static String csv(List<Finding> findings) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (Finding f : findings) {
      List<String> values = values(f);
      for (int i = 0; i < values.size(); i++) {
        out.append(i == 0 ? "" : ",").append(cell(values.get(i)));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private static List<String> values(Finding f) {
    return List.of(f.fingerprint(), f.kind().name(), f.severity().label(), f.status().label(), f.subscriptionId(),
        f.scope(), f.principalId(), f.principalType(), f.principalName(), f.roleName(), f.title(), f.detail(),
        f.remediation(), f.firstSeen().toString(), f.lastSeen().toString(),
        f.resolvedAt().map(Object::toString).orElse(""), f.source().name().toLowerCase(Locale.ROOT),
        String.join(",", f.evidence()), f.suppression().map(s -> s.origin().label()).orElse(""),
        f.suppression().map(Suppression::because).orElse(""), f.causedBy().orElse(""));
  }

  public static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}

package com.accessauditor.cli;

import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.model.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The `findings` command's table, for a terminal: a count of open, suppressed and resolved first, a header,
 * then a row per finding (severity, status, kind, principal, scope) with its title under it, ids shortened.
 * With {@code grouped}, each root is followed by the findings that follow from it.
 */
final class FindingsTable {
  /** Rows shown before the rest are counted, with the way to get them. */
  static final int SHOWN = 200;
  private static final String ROW = "%-8s %-10s %-26s %-20s %s";

  private final int width;

  FindingsTable(int width) {
    this.width = width;
  }

  List<String> lines(List<Finding> found, boolean grouped) {
    List<String> out = new ArrayList<>();
    out.add(summary(found));
    out.add(String.format(ROW, "SEVERITY", "STATUS", "KIND", "PRINCIPAL", "SCOPE").stripTrailing());
    int shown = 0;
    for (Map.Entry<Finding, List<Finding>> group : (grouped ? groups(found) : flat(found)).entrySet()) {
      if (shown >= SHOWN) {
        break;
      }
      out.addAll(row(group.getKey(), ""));
      shown++;
      for (Finding consequence : group.getValue()) {
        out.addAll(row(consequence, "  └ "));
        shown++;
      }
    }
    if (found.size() > shown) {
      out.add("… and " + String.format("%,d", found.size() - shown) + " more: --output json or --output csv lists"
          + " every one, or narrow with --severity, --kind, --status");
    }
    return out;
  }

  /** "7 finding(s): 5 open, 1 suppressed, 1 resolved". */
  static String summary(List<Finding> found) {
    Map<FindingStatus, Long> by = found.stream().collect(Collectors.groupingBy(Finding::status,
        () -> new java.util.EnumMap<>(FindingStatus.class), Collectors.counting()));
    return String.format("%,d finding(s): %,d open, %,d suppressed, %,d resolved", found.size(),
        by.getOrDefault(FindingStatus.OPEN, 0L), by.getOrDefault(FindingStatus.SUPPRESSED, 0L),
        by.getOrDefault(FindingStatus.RESOLVED, 0L));
  }

  private List<String> row(Finding f, String lead) {
    String principal = TextLayout.shorten(Text.safe(principal(f)));
    String scope = TextLayout.shorten(f.scope());
    int scopeWidth = Math.max(12, width - lead.length() - 68);
    String head = lead + String.format(ROW, f.severity().label(), f.status().label(), clip(f.kind().name(), 26),
        clip(principal, 20), clip(scope, scopeWidth));
    String indent = lead.isEmpty() ? "  " : " ".repeat(lead.length() + 2);
    return List.of(head.stripTrailing(), indent + clip(TextLayout.shorten(Text.safe(f.title())), width - indent.length()));
  }

  /** Who holds or lacks the grant, by name: a declared "identity of" an app is named by the app. */
  private static String principal(Finding f) {
    if (f.principalName().isBlank()) {
      return f.principalId();
    }
    String name = f.principalName().replaceFirst("^the identity of ", "");
    return name.startsWith("/") && name.lastIndexOf('/') < name.length() - 1
        ? name.substring(name.lastIndexOf('/') + 1) : name;
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
  }

  private static Map<Finding, List<Finding>> flat(List<Finding> found) {
    Map<Finding, List<Finding>> out = new LinkedHashMap<>();
    found.forEach(f -> out.put(f, List.of()));
    return out;
  }

  /** Roots in the order given, each with the listed findings caused by it; one whose root is not listed stands alone. */
  static Map<Finding, List<Finding>> groups(List<Finding> found) {
    Set<String> listed = found.stream().map(Finding::fingerprint).collect(Collectors.toSet());
    Map<String, List<Finding>> byRoot = found.stream().filter(f -> f.causedBy().filter(listed::contains).isPresent())
        .collect(Collectors.groupingBy(f -> f.causedBy().get(), LinkedHashMap::new, Collectors.toList()));
    Map<Finding, List<Finding>> out = new LinkedHashMap<>();
    for (Finding f : found) {
      if (f.causedBy().filter(listed::contains).isEmpty()) {
        out.put(f, byRoot.getOrDefault(f.fingerprint(), List.of()));
      }
    }
    return out;
  }
}

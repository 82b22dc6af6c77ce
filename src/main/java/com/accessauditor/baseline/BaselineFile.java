package com.accessauditor.baseline;

import com.accessauditor.model.InputFile;
import com.accessauditor.model.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a baseline file (YAML, or JSON, which is YAML too):
 *
 * <pre>
 * governs: [/subscriptions/1111...]          # optional; default: every swept scope
 * assignments:
 *   - principal: /subscriptions/.../sites/func-orders   # object id, display name, or owner resource id
 *     role: Storage Blob Data Owner                      # name or GUID
 *     scope: /subscriptions/.../storageAccounts/storders # exact, or with * wildcards
 * tolerate:
 *   - role: Reader
 *     scope: /subscriptions/*&#47;resourceGroups/sandbox-*
 *     reason: anyone may read the sandbox
 * </pre>
 *
 * Every problem is reported at once, each naming the file and the entry.
 */
public final class BaselineFile {
  private static final Set<String> TOP = Set.of("governs", "assignments", "tolerate");
  private static final Set<String> GRANT_FIELDS = Set.of("principal", "role", "scope", "description", "eligible");
  private static final Set<String> TOLERANCE_FIELDS = Set.of("principal", "role", "scope", "reason");

  /** A baseline for thousands of grants is a few hundred KiB; more is not a baseline. */
  static final long MAX_BYTES = 4L << 20;

  private BaselineFile() {}

  public static Baseline read(Path file) throws BaselineException {
    String text;
    try {
      text = InputFile.read(file, MAX_BYTES);
    } catch (InputFile.Refused e) {
      throw new BaselineException(e.getMessage());
    } catch (IOException e) {
      throw new BaselineException(file + ": cannot be read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  public static Baseline parse(String source, String text) throws BaselineException {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new BaselineException(source + ": not valid YAML or JSON: " + firstLine(e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new BaselineException(source + ": expected a mapping with 'assignments' (and optionally 'tolerate',"
          + " 'governs')");
    }
    List<String> problems = new ArrayList<>();
    top.keySet().stream().map(String::valueOf).filter(k -> !TOP.contains(k))
        .forEach(k -> problems.add("unknown key '" + k + "' (expected governs, assignments, tolerate)"));
    List<DeclaredGrant> grants = new ArrayList<>();
    List<Map<?, ?>> rows = list(top.get("assignments"), "assignments", problems);
    for (int i = 0; i < rows.size(); i++) {
      String entry = "assignments[" + i + "]";
      Map<?, ?> row = rows.get(i);
      unknownFields(row, GRANT_FIELDS, entry, problems);
      Optional<String> principal = string(row, "principal", entry, true, problems);
      Optional<String> role = string(row, "role", entry, true, problems);
      Optional<ScopePattern> scope = scope(row, entry, true, problems);
      if (principal.isPresent() && role.isPresent() && scope.isPresent()) {
        grants.add(new DeclaredGrant(entry, PrincipalRef.parse(principal.get()), role.get(), scope.get(),
            flag(row, "eligible", entry, problems)));
      }
    }
    List<Tolerance> tolerated = new ArrayList<>();
    List<Map<?, ?>> tolerate = list(top.get("tolerate"), "tolerate", problems);
    for (int i = 0; i < tolerate.size(); i++) {
      String entry = "tolerate[" + i + "]";
      Map<?, ?> row = tolerate.get(i);
      unknownFields(row, TOLERANCE_FIELDS, entry, problems);
      Optional<String> principal = string(row, "principal", entry, false, problems);
      Optional<String> role = string(row, "role", entry, false, problems);
      Optional<ScopePattern> scope = scope(row, entry, true, problems);
      String reason = string(row, "reason", entry, false, problems).orElse("");
      scope.ifPresent(s -> tolerated.add(new Tolerance(entry, principal.map(PrincipalRef::parse), role, s, reason)));
    }
    List<ScopePattern> governs = new ArrayList<>();
    Object g = top.get("governs");
    if (g instanceof List<?> scopes) {
      for (int i = 0; i < scopes.size(); i++) {
        try {
          governs.add(new ScopePattern(String.valueOf(scopes.get(i))));
        } catch (IllegalArgumentException e) {
          problems.add("governs[" + i + "]: " + e.getMessage());
        }
      }
    } else if (g != null) {
      problems.add("'governs' must be a list of scopes");
    }
    if (!problems.isEmpty()) {
      throw new BaselineException(source + ": " + String.join("; ", problems));
    }
    return new Baseline(source, grants, tolerated, governs);
  }

  private static List<Map<?, ?>> list(Object value, String name, List<String> problems) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      problems.add("'" + name + "' must be a list");
      return List.of();
    }
    List<Map<?, ?>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Map<?, ?> m) {
        out.add(m);
      } else {
        problems.add(name + "[" + i + "]: must be a mapping");
        out.add(Map.of());
      }
    }
    return out;
  }

  private static void unknownFields(Map<?, ?> row, Set<String> allowed, String entry, List<String> problems) {
    row.keySet().stream().map(String::valueOf).filter(k -> !allowed.contains(k))
        .forEach(k -> problems.add(entry + ": unknown field '" + k + "' (expected " + String.join(", ",
            allowed.stream().sorted().toList()) + ")"));
  }

  private static Optional<String> string(Map<?, ?> row, String field, String entry, boolean required,
      List<String> problems) {
    Object v = row.get(field);
    if (v == null || String.valueOf(v).isBlank()) {
      if (required) {
        problems.add(entry + ": '" + field + "' is required");
      }
      return Optional.empty();
    }
    if (v instanceof Map || v instanceof List) {
      problems.add(entry + ": '" + field + "' must be a single value");
      return Optional.empty();
    }
    return Optional.of(String.valueOf(v).trim());
  }

  /** true or false (YAML's boolean, or the words); anything else is named. */
  private static boolean flag(Map<?, ?> row, String field, String entry, List<String> problems) {
    Object v = row.get(field);
    if (v == null || v instanceof Boolean b && !b || "false".equalsIgnoreCase(String.valueOf(v).trim())) {
      return false;
    }
    if (v instanceof Boolean || "true".equalsIgnoreCase(String.valueOf(v).trim())) {
      return true;
    }
    problems.add(entry + ": '" + field + "' must be true or false, not '"
        + Text.clip(String.valueOf(v)) + "'");
    return false;
  }

  private static Optional<ScopePattern> scope(Map<?, ?> row, String entry, boolean required, List<String> problems) {
    return string(row, "scope", entry, required, problems).flatMap(s -> {
      try {
        return Optional.of(new ScopePattern(s));
      } catch (IllegalArgumentException e) {
        problems.add(entry + ": " + e.getMessage());
        return Optional.empty();
      }
    });
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}

package com.accessauditor.cli;

import com.accessauditor.app.Stores;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingExport;
import com.accessauditor.findings.FindingQuery;
import com.accessauditor.findings.FindingSearch;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.model.StoreUnavailableException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `findings`: the findings table, filtered, for security teams and scripts. */
@Command(name = "findings",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor findings --severity high --status open", "  access-auditor findings --kind ESCALATION_PATH --output csv > paths.csv",
        "  access-auditor findings --group --status open"},
    mixinStandardHelpOptions = true,
    description = "List findings from the findings table (most severe first), filtered.")
final class FindingsCommand implements Callable<Integer> {
  @Option(names = "--severity", paramLabel = "S", description = "At or above: critical, high, medium, low, info.")
  String severity;

  @Option(names = "--kind", paramLabel = "K", description = "A finding kind, e.g. RECYCLED_IDENTITY.")
  String kind;

  @Option(names = "--status", paramLabel = "open|resolved|suppressed")
  String status;

  @Option(names = "--since", paramLabel = "DURATION|DATE",
      description = "Last seen since: 30m, 24h, 7d, 2w, or 2026-11-01, or 2026-11-01T08:00:00Z.")
  String since;

  @Option(names = "--principal", paramLabel = "ID", description = "Object id of the principal.")
  String principal;

  @Option(names = "--subscription", paramLabel = "ID", description = "Subscription id (reads one partition).")
  String subscription;

  @Option(names = "--store", paramLabel = "azurite|URL", defaultValue = "azurite",
      description = "The findings table: azurite (AZURITE_CONNECTION_STRING) or a table service URL reached with"
          + " DefaultAzureCredential.")
  String store;

  @Option(names = "--output", paramLabel = "table|json|csv", defaultValue = "table")
  String output;

  @Option(names = "--group", description = "Each root finding with the findings that follow from it under it"
      + " (causedBy): a recycled identity with the grants its app lacks and the orphans it left.")
  boolean group;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Choices.valid(err, "--output", output, "table", "json", "csv")) {
      return Main.BAD_INPUT;
    }
    FindingQuery query;
    Stores stores;
    try {
      Map<String, String> filters = new LinkedHashMap<>();
      filters.put("severity", severity);
      filters.put("kind", kind);
      filters.put("status", status);
      filters.put("since", since);
      filters.put("principal", principal);
      filters.put("subscription", subscription);
      query = FindingQuery.parse(filters, Instant.now());
      stores = TenantOptions.stores(store);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<Finding> found;
    try {
      FindingStore.Rows rows = new FindingSearch(stores.findings()).all(query);
      found = rows.findings();
      rows.unreadable().stream().limit(10).forEach(u -> err.println("warning: skipped " + u));
      if (rows.unreadable().size() > 10) {
        err.println("warning: and " + (rows.unreadable().size() - 10) + " more unreadable row(s)");
      }
    } catch (StoreUnavailableException e) {
      err.println("error: the findings table cannot be read: " + StoreTrouble.explain(e, store));
      return Main.UNAVAILABLE;
    }
    List<Finding> listed = group ? FindingsTable.groups(found).entrySet().stream()
        .flatMap(g -> java.util.stream.Stream.concat(java.util.stream.Stream.of(g.getKey()), g.getValue().stream()))
        .toList() : found;
    switch (output) {
      case "json" -> listed.forEach(f -> out.println(FindingExport.json(f)));
      case "csv" -> out.print(FindingExport.csv(listed));
      default -> {
        if (found.isEmpty()) {
          err.println("no findings match" + (query.equals(FindingQuery.all()) ? " (the findings table is empty:"
              + " run a sweep or let events arrive)" : " these filters"));
        } else {
          new FindingsTable(TextLayout.forTerminal(Main.settings()).width()).lines(found, group)
              .forEach(out::println);
        }
      }
    }
    out.flush();
    return Main.OK;
  }
}

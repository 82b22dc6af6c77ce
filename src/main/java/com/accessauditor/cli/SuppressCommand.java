package com.accessauditor.cli;

import com.accessauditor.alerts.SuppressionRule;
import com.accessauditor.alerts.SuppressionStore;
import com.accessauditor.baseline.ScopePattern;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.ShortDuration;
import com.accessauditor.model.StoreUnavailableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `suppress`: a rule that keeps matching findings from paging anyone until it expires, with a reason. */
@Command(name = "suppress",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor suppress --kind SHARED_IDENTITY \\",
        "      --scope \"/subscriptions/*/resourceGroups/rg-legacy*\" --expires 30d \\",
        "      --reason \"migrating in Q1\"", "  access-auditor suppress --list"},
    mixinStandardHelpOptions = true,
    description = "Record a suppression rule (matching findings become 'suppressed' and alert nobody until it"
        + " expires), or --list the rules.")
final class SuppressCommand implements Callable<Integer> {
  @Option(names = "--kind", paramLabel = "K") String kind;
  @Option(names = "--principal", paramLabel = "ID") String principal;
  @Option(names = "--role", paramLabel = "NAME") String role;
  @Option(names = "--scope", paramLabel = "PATTERN", description = "A scope, or a pattern with *.") String scope;

  @Option(names = "--expires", paramLabel = "DURATION|DATE", description = "12h, 30d, 2w, or 2026-12-31 (max 1 year).")
  String expires;

  @Option(names = "--reason", paramLabel = "TEXT") String reason;
  @Option(names = "--by", paramLabel = "WHO", description = "Who asked for it (default: $USER).") String by;
  @Option(names = "--list", description = "List the rules, active and expired.") boolean list;

  @Option(names = "--store", paramLabel = "azurite|URL", defaultValue = "azurite") String store;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now();
    try {
      SuppressionStore rules = TenantOptions.stores(store).suppressions();
      if (list) {
        rules.list().forEach(r -> out.printf("%s  %-7s until %s  %s%s%s%s  (%s, by %s)%n", r.id(),
            r.activeAt(now) ? "active" : "expired", r.expiresAt(), r.kind().map(k -> "kind=" + k + " ").orElse(""),
            r.principal().map(p -> "principal=" + p + " ").orElse(""), r.role().map(x -> "role=" + x + " ").orElse(""),
            r.scope().map(s -> "scope=" + s.text()).orElse(""), r.reason(), r.createdBy()));
        out.flush();
        return Main.OK;
      }
      if (expires == null || reason == null) {
        err.println("error: a suppression needs --expires and --reason");
        return Main.BAD_INPUT;
      }
      Instant until = until(expires, now);
      Optional<FindingKind> k = Optional.ofNullable(kind).map(v -> FindingKind.valueOf(v.trim().toUpperCase(Locale.ROOT)));
      Optional<PrincipalId> p = Optional.ofNullable(principal).map(PrincipalId::parse);
      Optional<ScopePattern> s = Optional.ofNullable(scope).map(ScopePattern::new);
      String who = by != null ? by : System.getProperty("user.name", "unknown");
      SuppressionRule rule = SuppressionRule.create(k, p, Optional.ofNullable(role), s, until, reason, who, now);
      rules.put(rule);
      out.println("suppression " + rule.id() + " recorded until " + until + ": matching findings alert nobody until then");
      out.flush();
      return Main.OK;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    } catch (StoreUnavailableException e) {
      err.println("error: the suppressions table cannot be reached: " + StoreTrouble.explain(e, store));
      return Main.UNAVAILABLE;
    }
  }

  static Instant until(String value, Instant now) {
    Optional<Duration> ahead = ShortDuration.parse(value, "hdw");
    Instant until;
    if (ahead.isPresent()) {
      until = now.plus(ahead.get());
    } else {
      try {
        until = LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--expires must be a duration (12h, 30d, 2w) or a date (2026-12-31)", e);
      }
    }
    return until;
  }
}

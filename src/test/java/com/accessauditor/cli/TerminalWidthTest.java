package com.accessauditor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Alerting;
import com.accessauditor.app.AuditorApp;
import com.accessauditor.app.Stores;
import com.accessauditor.app.Tenant;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.findings.Finding;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What people read in a terminal of the default 100 columns: no line of prose runs past it, whatever the
 * command; only a command's single long argument (an ARM id after --scope) may, so that it stays copyable.
 */
class TerminalWidthTest {
  private static final Pattern COMMAND_LINE = Pattern.compile(
      "^\\s*(?:[a-z]+: )?(?:az|access-auditor|curl) .*|^\\s+--\\S+ .*");
  private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-orders";

  /** Lines over {@code width} that are not a command or a command's continuation (those stay whole). */
  static List<String> proseOver(int width, String text) {
    return text.lines().filter(l -> l.length() > width).filter(l -> !COMMAND_LINE.matcher(l).matches()).toList();
  }

  @Test
  void theDemoPrintsNoProseLineOverOneHundredColumns() {
    CliRunner cli = CliRunner.inTerminalOf(100);

    assertThat(cli.run("demo")).isZero();

    assertThat(proseOver(100, cli.out())).isEmpty();
    assertThat(cli.out()).contains("rg-app/…/stordersdata").contains("--scope /subscriptions/");
  }

  @Test
  void aSweepPrintsNoProseLineOverOneHundredColumnsAndItsJsonKeepsEveryIdWhole() {
    String snapshot = Resources.path("snapshots/recycled-app").toString();
    CliRunner text = CliRunner.inTerminalOf(100);
    CliRunner json = CliRunner.inTerminalOf(100);

    text.run("sweep", "--snapshot", snapshot, "--baseline", snapshot + "/baseline.yaml", "--store", "memory");
    json.run("sweep", "--snapshot", snapshot, "--baseline", snapshot + "/baseline.yaml", "--store", "memory",
        "--output", "json");

    assertThat(text.out()).contains("open finding");
    assertThat(proseOver(100, text.out() + text.err())).isEmpty();
    assertThat(json.out()).doesNotContain("…").contains("\"scope\":\"/subscriptions/");
  }

  @Test
  void aDiagnosisPrintsNoProseLineOverOneHundredColumns() {
    CliRunner cli = CliRunner.inTerminalOf(100);

    cli.run("diagnose", "--snapshot", Resources.path("snapshots/diagnose").toString(), "--principal",
        RG + "/providers/Microsoft.Web/sites/func-orders", "--scope",
        RG + "/providers/Microsoft.Storage/storageAccounts/stordersdata", "--action",
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read");

    assertThat(cli.out()).startsWith("DENIED");
    assertThat(proseOver(100, cli.out())).isEmpty();
  }

  @Test
  void theFindingsTableHasAHeaderAPrincipalAndAScopeAndFitsOneHundredColumns() throws Exception {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path("snapshots/recycled-app"));
    Stores stores = Stores.inMemory();
    new AuditorApp(Tenant.of(tenant), stores, Clock.systemUTC(), List.of(), Optional.empty(), Alerting.none(),
        Optional.empty()).sweep().run(tenant.subscriptions(),
            Optional.of(BaselineFile.read(Resources.path("snapshots/recycled-app/baseline.yaml"))), line -> { });
    List<Finding> found = stores.findings().list().stream().sorted(Finding.MOST_SEVERE_FIRST).toList();

    List<String> lines = new FindingsTable(100).lines(found, true);

    assertThat(lines.get(0)).matches("\\d+ finding\\(s\\): \\d+ open, \\d+ suppressed, \\d+ resolved");
    assertThat(lines.get(1)).startsWith("SEVERITY STATUS     KIND").contains("PRINCIPAL").contains("SCOPE");
    assertThat(lines).allMatch(l -> l.length() <= 100);
    assertThat(String.join("\n", lines)).contains("└ ").doesNotContain("/subscriptions/");
    assertThat(lines).filteredOn(l -> l.contains("MISSING_ASSIGNMENT"))
        .isNotEmpty().allMatch(l -> l.matches(".*MISSING_ASSIGNMENT +func-orders +rg-orders/…/\\S+"));
  }
}

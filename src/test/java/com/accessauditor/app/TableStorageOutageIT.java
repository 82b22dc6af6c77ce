package com.accessauditor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.accessauditor.alerts.Alert;
import com.accessauditor.alerts.AlertChannel;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.findings.Finding;
import com.accessauditor.findings.FindingStatus;
import com.accessauditor.local.AzuriteProcess;
import com.accessauditor.model.StoreUnavailableException;
import com.accessauditor.snapshot.SnapshotTenant;
import com.accessauditor.support.Resources;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table Storage taken away mid-run and brought back: Azurite with its data on disk, stopped and started
 * again on the same port. Afterwards no finding is lost or doubled and no alert goes out twice.
 */
class TableStorageOutageIT {
  private static final Path PROJECT = Path.of(System.getProperty("project.basedir", "."));
  private static final String SCENARIO = "snapshots/recycled-app";

  @TempDir Path data;
  private int port;
  private AzuriteProcess azurite;
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private Runnable onFirstSend = () -> { };

  @BeforeEach
  void start() throws Exception {
    port = AzuriteProcess.freePort();
    azurite = AzuriteProcess.start(PROJECT, port, Optional.of(data));
  }

  @AfterEach
  void stop() {
    azurite.close();
  }

  /** Storage goes away with what it held safe, as Table Storage does: Azurite saves its data and stops. */
  private void outage() {
    azurite.stopGracefully();
  }

  private void recovery() throws Exception {
    azurite = AzuriteProcess.start(PROJECT, port, Optional.of(data));
  }

  private AuditorApp app() {
    SnapshotTenant tenant = SnapshotTenant.load(Resources.path(SCENARIO));
    AlertChannel ops = new AlertChannel() {
      @Override
      public String name() {
        return "ops";
      }

      @Override
      public void send(Alert alert) {
        delivered.add(alert.id());
        Runnable once = onFirstSend;
        onFirstSend = () -> { };
        once.run();
      }
    };
    return new AuditorApp(Tenant.of(tenant), Stores.of(StorageAccount.withConnectionString(azurite.connectionString())),
        Clock.systemUTC(), tenant.subscriptions(), Optional.of(Resources.path(SCENARIO + "/baseline.yaml")),
        Alerting.of(List.of(ops)), Optional.empty());
  }

  private static com.accessauditor.sweep.SweepReport sweepInOnePass(AuditorApp app, Consumer<String> progress)
      throws Exception {
    return app.sweep().run(SnapshotTenant.load(Resources.path(SCENARIO)).subscriptions(),
        Optional.of(com.accessauditor.baseline.BaselineFile.read(Resources.path(SCENARIO + "/baseline.yaml"))),
        progress);
  }

  @Test
  void aSweepThatLosesTableStorageMidRunLosesAndDoublesNothingOnceItIsBack() throws Exception {
    AuditorApp app = app();
    Consumer<String> outageAfterReading = line -> {
      if (line.startsWith("directory:")) {
        outage();
      }
    };

    assertThatThrownBy(() -> sweepInOnePass(app, outageAfterReading)).isInstanceOf(StoreUnavailableException.class);
    recovery();
    AuditorApp after = app();
    int opened = sweepInOnePass(after, line -> { }).open().size();
    sweepInOnePass(after, line -> { });

    List<Finding> findings = after.stores().findings().list();
    assertThat(opened).isEqualTo(7);
    assertThat(findings).hasSize(7).allSatisfy(f -> assertThat(f.status()).isEqualTo(FindingStatus.OPEN));
    List<Alert> alerts = after.stores().alerts().list();
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.stream().map(a -> a.finding().fingerprint())).as("one alert per finding, however often swept")
        .doesNotHaveDuplicates();
  }

  @Test
  void alertDeliveryThatLosesTableStorageAfterSendingSendsNothingTwice() throws Exception {
    AuditorApp app = app();
    sweepInOnePass(app, line -> { });
    int pending = app.stores().alerts().list().size();
    assertThat(pending).isGreaterThanOrEqualTo(2);
    onFirstSend = this::outage;

    assertThatThrownBy(() -> app.alerts().deliverDue()).as("the first alert went out, marking it sent failed")
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> app.alerts().deliverDue()).as("while storage is down nothing more is sent")
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(delivered).hasSize(1);
    recovery();
    app.alerts().deliverDue();
    app.alerts().deliverDue();

    // What follows from a root is told in the root's alert, once, even across the outage.
    long roots = app.stores().alerts().list().stream().filter(a -> a.finding().causedBy().isEmpty()).count();
    assertThat(roots).isLessThan(pending);
    assertThat(delivered).hasSize((int) roots).doesNotHaveDuplicates();
    assertThat(app.stores().alerts().list()).allSatisfy(a -> assertThat(a.status())
        .isEqualTo(a.finding().causedBy().isPresent() ? Alert.Status.JOINED : Alert.Status.SENT));
  }
}

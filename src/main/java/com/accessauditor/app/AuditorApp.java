package com.accessauditor.app;

import com.accessauditor.alerts.AlertPolicy;
import com.accessauditor.alerts.AlertDelivery;
import com.accessauditor.alerts.AlertingFindingStore;
import com.accessauditor.azure.AzureEndpoints;
import com.accessauditor.azure.AzureTenant;
import com.accessauditor.azure.LogAnalyticsDenials;
import com.accessauditor.azure.StorageAccount;
import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.detect.Detectors;
import com.accessauditor.diagnose.AccessDiagnosis;
import com.accessauditor.diagnose.DenialLog;
import com.accessauditor.events.EventCaptureService;
import com.accessauditor.findings.FindingSearch;
import com.accessauditor.findings.FindingStore;
import com.accessauditor.model.Scope;
import com.accessauditor.sweep.CrossSubscriptionStep;
import com.accessauditor.sweep.SubscriptionSweep;
import com.accessauditor.sweep.SweepPlanner;
import com.accessauditor.sweep.SweepReport;
import com.accessauditor.sweep.SweepRun;
import com.accessauditor.sweep.SweepRunner;
import com.accessauditor.sweep.SweepService;
import com.accessauditor.whocan.IdentityActors;
import com.accessauditor.whocan.WhoCanService;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The composition root: plain constructor wiring, shared by the Functions classes and the command line,
 * so both run the same services.
 */
public final class AuditorApp {
  private final EventCaptureService capture;
  private final SweepService sweep;
  private final SubscriptionSweep worker;
  private final CrossSubscriptionStep finalStep;
  private final SweepRunner runner;
  private final Stores stores;
  private final List<Scope> sweepScopes;
  private final Optional<Path> baselineFile;
  private final AlertDelivery delivery;
  private final Tenant tenant;
  private final Optional<DenialLog> denials;
  private final Clock clock;
  private final AlertingFindingStore alerting;
  private final List<String> channels;

  public AuditorApp(Tenant tenant, Stores stores, Clock clock) {
    this(tenant, stores, clock, List.of(), Optional.empty(), Alerting.none());
  }

  public AuditorApp(Tenant tenant, Stores stores, Clock clock, List<Scope> sweepScopes, Optional<Path> baselineFile) {
    this(tenant, stores, clock, sweepScopes, baselineFile, Alerting.none());
  }

  /**
   * With what the scheduled sweep covers (scopes, and a baseline file read at each sweep) and where alerts
   * go. Every finding write goes through the alerting store, so the event path and the sweep alert alike.
   */
  public AuditorApp(Tenant tenant, Stores stores, Clock clock, List<Scope> sweepScopes, Optional<Path> baselineFile,
      Alerting alerting) {
    this(tenant, stores, clock, sweepScopes, baselineFile, alerting, Optional.empty());
  }

  /** @param denials where diagnoses look up recent 403s (a Log Analytics workspace), if anywhere */
  public AuditorApp(Tenant tenant, Stores stores, Clock clock, List<Scope> sweepScopes, Optional<Path> baselineFile,
      Alerting alerting, Optional<DenialLog> denials) {
    this.tenant = tenant;
    this.denials = denials;
    this.clock = clock;
    this.stores = stores;
    this.sweepScopes = List.copyOf(sweepScopes);
    this.baselineFile = baselineFile;
    this.alerting = new AlertingFindingStore(stores.findings(), stores.alerts(), stores.suppressions(),
        alerting.policy(), clock);
    this.channels = List.copyOf(alerting.policy().channels());
    FindingStore findings = this.alerting;
    this.delivery = new AlertDelivery(stores.alerts(), alerting.channels(), alerting.policy(), clock);
    this.sweep = new SweepService(tenant.authorization(), tenant.resources(), tenant.directory(), stores.inventory(),
        findings, stores.sweepRuns(), clock, Detectors.SWEEP);
    this.worker = new SubscriptionSweep(tenant.authorization(), tenant.resources(), tenant.directory(),
        stores.inventory(), findings, stores.sweepRuns(), stores.sweepStage(), stores.finalStepQueue(), clock,
        Detectors.SWEEP);
    this.finalStep = new CrossSubscriptionStep(tenant.authorization(), tenant.resources(), tenant.directory(),
        stores.inventory(), findings, stores.sweepRuns(), stores.sweepStage(), clock, Detectors.SWEEP);
    this.runner = new SweepRunner(new SweepPlanner(tenant.authorization(), stores.sweepRuns()), stores.sweepRuns(),
        worker, finalStep, stores.subscriptionQueue(), stores.finalStepQueue(), tenant.authorization(),
        tenant.directory(), stores.sweepStage(), clock);
    this.capture =
        new EventCaptureService(
            tenant.authorization(), tenant.resources(), tenant.directory(), stores.inventory(), stores.changes(),
            findings, stores.poison(), clock, alerting.quietCallers());
  }

  /** Sends the alerts that are due (the outbox timer, and after each sweep). */
  public AlertDelivery alerts() {
    return delivery;
  }

  /** The app in Azure: everything through the managed identity (DefaultAzureCredential). */
  public static AuditorApp fromSettings(Map<String, String> env) {
    Settings settings = Settings.from(env);
    TokenCredential credential = new DefaultAzureCredentialBuilder().build();
    StorageAccount tables;
    if (settings.developmentStorage() && settings.tableServiceUri().isEmpty()) {
      tables = StorageAccount.withConnectionString(Settings.DEVELOPMENT_STORAGE);
    } else {
      TokenCredential storageCredential = settings.storageClientId()
          .<TokenCredential>map(id -> new DefaultAzureCredentialBuilder().managedIdentityClientId(id).build())
          .orElse(credential);
      String tableUri = settings.tableServiceUri().orElseThrow();
      tables = settings.queueServiceUri().map(q -> StorageAccount.withCredential(tableUri, q, storageCredential))
          .orElseGet(() -> StorageAccount.withCredential(tableUri, storageCredential));
    }
    AzureTenant tenant =
        AzureTenant.connect(credential, new AzureEndpoints(settings.armEndpoint(), settings.graphEndpoint()));
    Optional<DenialLog> denials = settings.logsWorkspaceId().map(id -> LogAnalyticsDenials.connect(id,
        settings.logsEndpoint(), credential));
    return new AuditorApp(Tenant.of(tenant).withSettingsReadableIn(settings.appSettingsScopes()), Stores.of(tables),
        Clock.systemUTC(), settings.sweepScopes(),
        settings.baseline(), Alerting.from(settings, credential), denials);
  }

  /**
   * The command line's app: the functions' own wiring from the same settings (alert channels and policy,
   * quiet callers, workspace, scopes, baseline), with the tenant and the tables the command line chose.
   * Alerts raised go to the outbox like any other; the alert timer delivers them.
   *
   * @param alerts false for an explicit `--no-alerts`: findings are recorded and nobody is told
   * @throws IllegalStateException naming a setting that is set but malformed
   */
  /** As {@link #forCommandLine(Map, Tenant, Stores, boolean)}, its alerts going to these channels instead. */
  public static AuditorApp forCommandLine(Map<String, String> env, Tenant tenant, Stores stores, Alerting to) {
    Settings settings = Settings.forCommandLine(env);
    TokenCredential credential = settings.logsWorkspaceId().isPresent() ? new DefaultAzureCredentialBuilder().build()
        : null;
    Optional<DenialLog> denials = settings.logsWorkspaceId().map(id -> LogAnalyticsDenials.connect(id,
        settings.logsEndpoint(), credential));
    return new AuditorApp(tenant.withSettingsReadableIn(settings.appSettingsScopes()), stores, Clock.systemUTC(),
        settings.sweepScopes(), settings.baseline(), new Alerting(new AlertPolicy(settings.alertMinimum(),
            settings.alertSuppression(), to.policy().channels(), to.policy().firstRetry(), to.policy().maxRetry(),
            to.policy().giveUpAfter(), false, settings.alertOnPimActivations()), to.channels(), settings.quietCallers()),
        denials);
  }

  public static AuditorApp forCommandLine(Map<String, String> env, Tenant tenant, Stores stores, boolean alerts) {
    Settings settings = Settings.forCommandLine(env);
    boolean needsCredential = alerts && settings.alertTopic().isPresent() || settings.logsWorkspaceId().isPresent();
    TokenCredential credential = needsCredential ? new DefaultAzureCredentialBuilder().build() : null;
    Optional<DenialLog> denials = settings.logsWorkspaceId().map(id -> LogAnalyticsDenials.connect(id,
        settings.logsEndpoint(), credential));
    return new AuditorApp(tenant.withSettingsReadableIn(settings.appSettingsScopes()), stores, Clock.systemUTC(),
        settings.sweepScopes(), settings.baseline(), alerts ? Alerting.from(settings, credential) : Alerting.none(), denials);
  }

  /** Alerts this app has put in the outbox since it was built. */
  public int alertsQueued() {
    return alerting.queued();
  }

  /** The channels alerts are queued for: empty when none is configured or alerts are off. */
  public List<String> alertChannels() {
    return channels;
  }

  /** 403 diagnosis against the live tenant (and the workspace, when one is configured). */
  /** who-can over the tenant, with the one-hop paths through managed identities when asked. */
  public WhoCanService whoCan() {
    return new WhoCanService(tenant.authorization(), tenant.directory(),
        Optional.of(new IdentityActors(tenant.authorization(), tenant.directory())));
  }

  public AccessDiagnosis diagnosis() {
    return new AccessDiagnosis(tenant.authorization(), tenant.resources(), tenant.directory(), denials,
        Optional.of(stores.inventory()), clock);
  }

  /**
   * The timer's sweep over the configured scopes: plans a run and queues one message per subscription for
   * the queue-triggered workers. The baseline is re-read each time, so a deployed change takes effect at
   * the next sweep; an unusable one stops the sweep with a message naming what is wrong.
   *
   * @throws IllegalArgumentException for a baseline that names a role or principal that does not exist
   */
  public SweepRunner.Started scheduledSweep(Consumer<String> progress) throws BaselineException {
    if (sweepScopes.isEmpty()) {
      throw new IllegalStateException("Nothing to sweep: set " + Settings.SCOPES
          + " to the subscription ids (or scope ids) to audit, comma-separated.");
    }
    return runner.start(sweepScopes, baseline(), SweepRunner.LIVE_PACE, progress);
  }

  /** The queue trigger's worker: one subscription of a run. */
  public Optional<SweepReport> sweepSubscription(String message, long dequeueCount, Consumer<String> progress) {
    return worker.handle(message, dequeueCount, progress);
  }

  /**
   * The final step of a run, with the baseline as it is now.
   *
   * @throws IllegalArgumentException for a message that is not a run id, or an unusable baseline
   */
  public Optional<SweepReport> finishRun(String message, String messageId, Consumer<String> progress)
      throws BaselineException {
    return finalStep.finish(SweepRun.checkId(message), messageId, baseline(), progress);
  }

  private Optional<Baseline> baseline() throws BaselineException {
    return baselineFile.isPresent() ? Optional.of(BaselineFile.read(baselineFile.get())) : Optional.empty();
  }

  /** The command line's sweep over the queues, with workers in this process. */
  public SweepRunner runner() {
    return runner;
  }

  public EventCaptureService capture() {
    return capture;
  }

  public FindingSearch findings() {
    return new FindingSearch(stores.findings());
  }

  public SweepService sweep() {
    return sweep;
  }

  public Stores stores() {
    return stores;
  }
}

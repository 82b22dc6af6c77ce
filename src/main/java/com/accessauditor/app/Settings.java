package com.accessauditor.app;

import com.accessauditor.events.QuietCallers;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.Text;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * App settings, read once and validated. Storage is reached by managed identity
 * (`AzureWebJobsStorage__accountName`, or `__tableServiceUri` and `__queueServiceUri`); the only connection string accepted is
 * Azurite's `UseDevelopmentStorage=true` for local runs. Every name here is documented in docs/configuration.md and
 * set by infra/.
 */
public record Settings(
    Optional<String> tableServiceUri,
    Optional<String> queueServiceUri,
    boolean developmentStorage,
    Optional<String> storageClientId,
    String armEndpoint,
    String graphEndpoint,
    List<Scope> sweepScopes,
    Optional<Path> baseline,
    Map<String, String> alertChannels,
    Severity alertMinimum,
    Duration alertSuppression,
    Optional<String> alertTopic,
    boolean alertDigest,
    boolean alertOnPimActivations,
    QuietCallers quietCallers,
    Optional<String> logsWorkspaceId,
    String logsEndpoint,
    Optional<List<Scope>> appSettingsScopes) {

  public static final String STORAGE = "AzureWebJobsStorage";
  public static final String STORAGE_ACCOUNT = "AzureWebJobsStorage__accountName";
  public static final String STORAGE_TABLE_URI = "AzureWebJobsStorage__tableServiceUri";
  /** The sweep's queues; the host's queue triggers read the same setting. */
  public static final String STORAGE_QUEUE_URI = "AzureWebJobsStorage__queueServiceUri";
  public static final String STORAGE_CREDENTIAL = "AzureWebJobsStorage__credential";
  public static final String STORAGE_CLIENT_ID = "AzureWebJobsStorage__clientId";
  public static final String ARM_ENDPOINT = "AUDITOR_ARM_ENDPOINT";
  public static final String GRAPH_ENDPOINT = "AUDITOR_GRAPH_ENDPOINT";
  /** Comma-separated subscription ids or scope ids the sweep covers. */
  public static final String SCOPES = "AUDITOR_SCOPES";
  /** The sweep's NCRONTAB schedule, read by the Functions host through %AUDITOR_SWEEP_SCHEDULE%. */
  public static final String SWEEP_SCHEDULE = "AUDITOR_SWEEP_SCHEDULE";
  /** A baseline file deployed with the app (path relative to the app root, or absolute). */
  public static final String BASELINE = "AUDITOR_BASELINE";
  /**
   * Where app settings may be listed (infra's appSettingsResourceGroups, "none" when empty): the sweep
   * does not try elsewhere. Unset: everywhere (a snapshot, or a deployment that granted it widely).
   */
  public static final String APP_SETTINGS_SCOPES = "AUDITOR_APP_SETTINGS_SCOPES";
  /** Set by the Functions host to the app's folder; a relative baseline path is resolved against it. */
  static final String SCRIPT_ROOT = "AzureWebJobsScriptRoot";
  static final String DEVELOPMENT_STORAGE = "UseDevelopmentStorage=true";
  /** Channel URLs (secrets: set them as Key Vault references), by the channel each setting feeds. */
  public static final Map<String, String> ALERT_CHANNELS = Map.of(
      "AUDITOR_ALERT_WEBHOOK_URL", "webhook", "AUDITOR_ALERT_TEAMS_URL", "teams", "AUDITOR_ALERT_SLACK_URL", "slack");
  public static final String ALERT_MIN_SEVERITY = "AUDITOR_ALERT_MIN_SEVERITY";
  /** An Event Grid custom topic endpoint, published to with the managed identity (EventGrid Data Sender). */
  public static final String ALERT_TOPIC = "AUDITOR_ALERT_EVENTGRID_ENDPOINT";
  public static final String ALERT_SUPPRESSION = "AUDITOR_ALERT_SUPPRESSION";
  /** "true": what is due for a channel goes as one message (a sweep's findings as one digest). */
  public static final String ALERT_DIGEST = "AUDITOR_ALERT_DIGEST";
  /**
   * "true" alerts on a privileged grant that is a PIM activation; by default it is recorded quietly
   * (suppressed, naming the eligibility), since the eligibility is what is judged.
   */
  public static final String ALERT_PIM_ACTIVATIONS = "AUDITOR_ALERT_ON_PIM_ACTIVATIONS";
  /** "id=why;id=why": callers (app id, object id or UPN) whose role-assignment changes page nobody. */
  public static final String QUIET_CALLERS = "AUDITOR_QUIET_CALLERS";
  /** The Log Analytics workspace id (a GUID) diagnoses read recent 403s from; none: they do not. */
  public static final String LOGS_WORKSPACE = "AUDITOR_LOGS_WORKSPACE_ID";
  public static final String LOGS_ENDPOINT = "AUDITOR_LOGS_ENDPOINT";
  /**
   * Who may call /api/diagnose, /api/findings and /api/who-can: "entra" (default: people and tools signed in through App
   * Service Authentication holding {@link #HTTP_READER_ROLE}, besides the function key) or "keys" (the
   * function key alone, for deployments without sign-in; say so to whoever holds the key).
   */
  public static final String HTTP_SIGN_IN = "AUDITOR_HTTP_SIGN_IN";
  /** The app role of the sign-in app registration that lets a caller read findings and diagnoses. */
  public static final String HTTP_READER_ROLE = "AUDITOR_HTTP_READER_ROLE";

  public static Settings from(Map<String, String> env) {
    return from(env, true);
  }

  /**
   * The same settings for the command line, where `--store` says where the tables are: the storage
   * settings are not checked.
   */
  public static Settings forCommandLine(Map<String, String> env) {
    return from(env, false);
  }

  private static Settings from(Map<String, String> env, boolean storageRequired) {
    Optional<String> connection = value(env, STORAGE);
    boolean development = connection.map(c -> c.equalsIgnoreCase(DEVELOPMENT_STORAGE)).orElse(false);
    if (connection.isPresent() && !development && storageRequired) {
      throw new IllegalStateException(
          STORAGE + " holds a connection string. Access Auditor reaches storage with its managed identity: remove "
              + STORAGE + " and set " + STORAGE_ACCOUNT + " (and, for a user-assigned identity, "
              + STORAGE_CREDENTIAL + "=managedidentity and " + STORAGE_CLIENT_ID + ").");
    }
    Optional<String> tableUri =
        value(env, STORAGE_TABLE_URI)
            .or(() -> value(env, STORAGE_ACCOUNT).map(a -> "https://" + a + ".table.core.windows.net"));
    if (tableUri.isEmpty() && !development && storageRequired) {
      throw new IllegalStateException(
          "No storage configured: set " + STORAGE_ACCOUNT + " (the storage account name) or "
              + STORAGE_TABLE_URI + "; for local runs with Azurite set " + STORAGE + "=" + DEVELOPMENT_STORAGE + ".");
    }
    boolean userAssigned = value(env, STORAGE_CREDENTIAL).map(c -> c.equalsIgnoreCase("managedidentity"))
        .orElse(false);
    Optional<String> clientId = value(env, STORAGE_CLIENT_ID);
    if (userAssigned && clientId.isEmpty() && storageRequired) {
      throw new IllegalStateException(
          STORAGE_CREDENTIAL + "=managedidentity needs " + STORAGE_CLIENT_ID
              + ": the client id of the user-assigned identity attached to the app.");
    }
    Optional<String> queueUri = value(env, STORAGE_QUEUE_URI)
        .or(() -> value(env, STORAGE_ACCOUNT).map(a -> "https://" + a + ".queue.core.windows.net"));
    return new Settings(
        tableUri,
        queueUri,
        development,
        clientId,
        value(env, ARM_ENDPOINT).orElse("https://management.azure.com/"),
        value(env, GRAPH_ENDPOINT).orElse("https://graph.microsoft.com/"),
        scopes(value(env, SCOPES).orElse("")),
        value(env, BASELINE).map(b -> baselinePath(b, value(env, SCRIPT_ROOT))),
        alertChannels(env),
        value(env, ALERT_MIN_SEVERITY).map(Severity::parse).orElse(Severity.HIGH),
        value(env, ALERT_SUPPRESSION).map(Settings::duration).orElse(Duration.ofHours(24)),
        value(env, ALERT_TOPIC),
        value(env, ALERT_DIGEST).map(Boolean::parseBoolean).orElse(false),
        value(env, ALERT_PIM_ACTIVATIONS).map(v -> flag(ALERT_PIM_ACTIVATIONS, v)).orElse(false),
        value(env, QUIET_CALLERS).map(Settings::quietCallers).orElse(QuietCallers.none()),
        value(env, LOGS_WORKSPACE).map(Settings::workspace),
        value(env, LOGS_ENDPOINT).orElse("https://api.loganalytics.io/v1"),
        value(env, APP_SETTINGS_SCOPES).map(v -> v.equalsIgnoreCase("none") ? List.<Scope>of()
            : scopes(APP_SETTINGS_SCOPES, v)));
  }

  private static boolean flag(String setting, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalStateException(setting + " must be true or false, not '"
          + Text.clip(value) + "'");
    };
  }

  private static String workspace(String value) {
    if (!PrincipalId.isGuid(value)) {
      throw new IllegalStateException(LOGS_WORKSPACE + " must be the workspace's Workspace ID (a GUID), not its name"
          + " or resource id");
    }
    return value;
  }

  private static QuietCallers quietCallers(String value) {
    try {
      return QuietCallers.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(QUIET_CALLERS + ": " + e.getMessage(), e);
    }
  }

  /** Channel name to URL for each channel setting present; the URLs are secrets and never printed. */
  private static Map<String, String> alertChannels(Map<String, String> env) {
    Map<String, String> channels = new java.util.TreeMap<>();
    ALERT_CHANNELS.forEach((setting, channel) -> value(env, setting).ifPresent(url -> {
      if (!url.regionMatches(true, 0, "https://", 0, 8)) {
        throw new IllegalStateException(setting + " must be an https URL (the value is not shown: it is a secret)");
      }
      channels.put(channel, url);
    }));
    return channels;
  }

  private static Duration duration(String value) {
    try {
      return Duration.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException(ALERT_SUPPRESSION + " must be an ISO-8601 duration such as PT24H", e);
    }
  }

  private static Path baselinePath(String value, Optional<String> appRoot) {
    Path path = Path.of(value);
    return path.isAbsolute() || appRoot.isEmpty() ? path : Path.of(appRoot.get()).resolve(path);
  }

  /** Parses "sub-id, /subscriptions/x/resourceGroups/y, /providers/Microsoft.Management/managementGroups/z". */
  public static List<Scope> scopes(String text) {
    return scopes(SCOPES, text);
  }

  private static List<Scope> scopes(String setting, String text) {
    List<Scope> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (PrincipalId.isGuid(p)) {
        out.add(Scope.parse("/subscriptions/" + p.toLowerCase(java.util.Locale.ROOT)));
      } else if (p.startsWith("/")) {
        out.add(Scope.parse(p));
      } else {
        throw new IllegalArgumentException(setting + ": '" + p + "' is neither a subscription id nor a scope id"
            + " starting with '/'");
      }
    }
    return out;
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}

package com.accessauditor.azure;

import com.accessauditor.diagnose.Denial;
import com.accessauditor.diagnose.DenialLog;
import com.accessauditor.model.Lookup;
import com.accessauditor.model.PrincipalId;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Recent 403s from a Log Analytics workspace with azure-monitor-query: ARM refusals (AzureActivity), Storage
 * data-plane refusals (StorageBlobLogs) and Key Vault refusals (AzureDiagnostics audit events). The
 * principal id goes into the query only after {@link PrincipalId} has checked that it is a GUID: nothing
 * else is spliced into KQL. Needs Log Analytics Reader on the workspace.
 */
public final class LogAnalyticsDenials implements DenialLog {
  public static final String PUBLIC_ENDPOINT = "https://api.loganalytics.io/v1";
  static final int MAX_ROWS = 50;

  private final LogsQueryClient client;
  private final String workspaceId;

  private LogAnalyticsDenials(LogsQueryClient client, String workspaceId) {
    this.client = client;
    this.workspaceId = workspaceId;
  }

  public static LogAnalyticsDenials connect(String workspaceId, String endpoint, TokenCredential credential) {
    return connect(workspaceId, endpoint, credential, null);
  }

  /** With the TLS context of a local test server. */
  public static LogAnalyticsDenials connect(String workspaceId, String endpoint, TokenCredential credential,
      SSLContext tls) {
    if (!PrincipalId.isGuid(workspaceId)) {
      throw new IllegalArgumentException("the Log Analytics workspace id must be a GUID (the workspace's"
          + " 'Workspace ID'), not its name or resource id");
    }
    LogsQueryClient client = new LogsQueryClientBuilder()
        .endpoint(endpoint)
        .credential(credential)
        .httpClient(AzurePipelines.httpClient(tls, Duration.ofSeconds(20)))
        .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
            .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(4))))
        .httpLogOptions(new HttpLogOptions())
        .buildClient();
    return new LogAnalyticsDenials(client, workspaceId);
  }

  /** The query for one principal; {@code principal} is a validated GUID, lower-cased. */
  static String query(PrincipalId principal, Duration window) {
    String id = principal.value().toLowerCase(java.util.Locale.ROOT);
    long hours = Math.max(1, window.toHours());
    return "let principal = '" + id + "';\n"
        + "let since = ago(" + hours + "h);\n"
        + "union isfuzzy=true\n"
        + "(AzureActivity\n"
        + " | where TimeGenerated > since and ActivityStatusValue == 'Failed'\n"
        + " | where ActivitySubstatusValue == 'Forbidden' or Properties has 'AuthorizationFailed'\n"
        + " | where Caller =~ principal\n"
        + " | project TimeGenerated, Source = 'AzureActivity', Operation = OperationNameValue,"
        + " Resource = ResourceId, Status = 'AuthorizationFailed'),\n"
        + "(StorageBlobLogs\n"
        + " | where TimeGenerated > since and StatusCode == '403' and RequesterObjectId =~ principal\n"
        + " | project TimeGenerated, Source = 'StorageBlobLogs', Operation = OperationName, Resource = Uri,"
        + " Status = StatusText),\n"
        + "(AzureDiagnostics\n"
        + " | where TimeGenerated > since and ResourceProvider == 'MICROSOFT.KEYVAULT' and httpStatusCode_d == 403\n"
        + " | where identity_claim_oid_g =~ principal\n"
        + " | project TimeGenerated, Source = 'KeyVault', Operation = OperationName, Resource = Resource,"
        + " Status = ResultSignature)\n"
        + "| order by TimeGenerated desc\n"
        + "| take " + MAX_ROWS;
  }

  @Override
  public Lookup<List<Denial>> recentDenials(PrincipalId principal, Duration window) {
    try {
      LogsQueryResult result = client.queryWorkspace(workspaceId, query(principal, window),
          new QueryTimeInterval(window));
      if (result.getError() != null) {
        return Lookup.failed("workspace query error " + result.getError().getCode());
      }
      List<Denial> out = new ArrayList<>();
      for (LogsTableRow row : result.getTable().getRows()) {
        out.add(new Denial(
            cell(row, "TimeGenerated").map(c -> c.getValueAsDateTime().toInstant()).orElse(Instant.EPOCH),
            text(row, "Source"), text(row, "Operation"), text(row, "Resource"), text(row, "Status")));
      }
      return Lookup.found(out);
    } catch (HttpResponseException e) {
      return Lookup.failed("Log Analytics HTTP " + (e.getResponse() == null ? 0 : e.getResponse().getStatusCode()));
    } catch (RuntimeException e) {
      return Lookup.failed("Log Analytics unreachable: " + e.getClass().getSimpleName());
    }
  }

  private static Optional<LogsTableCell> cell(LogsTableRow row, String column) {
    return row.getColumnValue(column);
  }

  private static String text(LogsTableRow row, String column) {
    return cell(row, column).map(LogsTableCell::getValueAsString).orElse("");
  }
}

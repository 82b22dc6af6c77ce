package com.accessauditor.cli;

import com.accessauditor.model.InputFile;
import com.accessauditor.app.Settings;
import com.accessauditor.app.Tenant;
import com.accessauditor.azure.LogAnalyticsDenials;
import com.accessauditor.diagnose.AccessDiagnosis;
import com.accessauditor.diagnose.AccessQuestion;
import com.accessauditor.diagnose.Diagnosis;
import com.accessauditor.diagnose.DiagnosisOutput;
import com.accessauditor.diagnose.DenialLog;
import com.accessauditor.diagnose.Verdict;
import com.accessauditor.inventory.InventoryStore;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `diagnose`: paste the 403 (or say who, where and what), get the cause and the fix. */
@Command(name = "diagnose",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor diagnose --error-file 403.txt",
        "  access-auditor diagnose --principal func-orders --scope <storage account id> \\",
        "      --action Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"},
    mixinStandardHelpOptions = true,
    description = "Explain a 403: whether the principal may perform the action at the scope, why not, and the fix.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:allowed", "1:the tenant could not be read enough to tell (unknown)", "2:bad input",
        "3:denied"})
final class DiagnoseCommand implements Callable<Integer> {
  @Mixin TenantSource tenant;

  @Option(names = "--logs-workspace", paramLabel = "GUID",
      defaultValue = "${env:" + Settings.LOGS_WORKSPACE + "}",
      description = "Log Analytics workspace id (a GUID) to look up the principal's recent 403s in (default: $"
          + Settings.LOGS_WORKSPACE + "); read with DefaultAzureCredential, needs Log Analytics Reader. Optional.")
  String logsWorkspace;

  @Option(names = "--principal", paramLabel = "ID",
      description = "Object id, app (client) id, display name or UPN, or the resource id of the app whose identity it is.")
  String principal;

  @Option(names = "--scope", paramLabel = "SCOPE", description = "The resource id the request was made on.")
  String scope;

  @Option(names = "--action", paramLabel = "ACTION",
      description = "The operation, e.g. Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read.")
  String action;

  @Option(names = "--error", paramLabel = "TEXT", description = "The error message as pasted.")
  String error;

  /** As much as the HTTP function takes: an error message is a few hundred bytes. */
  static final long MAX_ERROR_BYTES = 64 * 1024;

  @Option(names = "--error-file", paramLabel = "FILE", description = "A file holding the error message.")
  Path errorFile;

  @Option(names = "--store", paramLabel = "azurite|URL",
      description = "The auditor's tables (optional): their inventory recognises an app identity recycled longer ago"
          + " than Graph keeps deleted principals (30 days).")
  String store;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Choices.valid(err, "--output", output, "text", "json")) {
      return Main.BAD_INPUT;
    }
    Optional<String> errorText = Optional.ofNullable(error);
    if (errorFile != null) {
      try {
        errorText = Optional.of(InputFile.read(errorFile, MAX_ERROR_BYTES));
      } catch (InputFile.Refused e) {
        err.println("error: --error-file " + e.getMessage());
        return Main.BAD_INPUT;
      } catch (IOException e) {
        err.println("error: cannot read --error-file " + errorFile + ": " + e.getMessage());
        return Main.BAD_INPUT;
      }
    }
    AccessQuestion question;
    try {
      question = AccessQuestion.of(Optional.ofNullable(principal), Optional.ofNullable(scope),
          Optional.ofNullable(action), errorText);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    Optional<DenialLog> denials;
    try {
      denials = Optional.ofNullable(logsWorkspace).filter(w -> !w.isBlank()).map(w -> LogAnalyticsDenials.connect(
          w.strip(), System.getenv().getOrDefault(Settings.LOGS_ENDPOINT, LogAnalyticsDenials.PUBLIC_ENDPOINT),
          new DefaultAzureCredentialBuilder().build()));
    } catch (IllegalArgumentException e) {
      err.println("error: --logs-workspace: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    Optional<InventoryStore> memory;
    try {
      memory = Optional.ofNullable(store).map(s -> TenantOptions.stores(s).inventory());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<String> problems = new ArrayList<>();
    Tenant source = tenant.tenant(problems);
    problems.forEach(p -> err.println("warning: " + p));
    Diagnosis d = new AccessDiagnosis(source.authorization(), source.resources(), source.directory(),
        denials, memory, Clock.systemUTC()).diagnose(question);
    out.print("json".equals(output) ? DiagnosisOutput.json(d).toString() + "\n" : DiagnosisOutput.text(d));
    out.flush();
    return d.verdict() == Verdict.ALLOWED ? Main.OK : d.verdict() == Verdict.DENIED ? Main.FINDINGS : Main.UNAVAILABLE;
  }
}

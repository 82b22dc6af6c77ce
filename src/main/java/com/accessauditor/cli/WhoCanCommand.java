package com.accessauditor.cli;

import com.accessauditor.app.Tenant;
import com.accessauditor.whocan.IdentityActors;
import com.accessauditor.whocan.WhoCanAnswer;
import com.accessauditor.whocan.WhoCanOutput;
import com.accessauditor.whocan.WhoCanQuestion;
import com.accessauditor.whocan.WhoCanService;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `who-can`: the reverse question, every principal allowed to do an action at a scope, and how. */
@Command(name = "who-can",
    footerHeading = "%nExamples:%n",
    footer = {"  access-auditor who-can --scope <key vault id> \\",
        "      --action Microsoft.KeyVault/vaults/secrets/getSecret/action",
        "  access-auditor who-can --scope <subscription id> \\",
        "      --action Microsoft.Authorization/roleAssignments/write --include-paths --output json"},
    mixinStandardHelpOptions = true,
    description = {"Every principal allowed to do an action at a scope: users, groups with their members, service"
        + " principals and managed identities; directly, through a group, inherited from a parent scope (management"
        + " groups included), by PIM eligibility, and with --include-paths by acting as a managed identity."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:answered", "1:answered, but some of the tenant could not be read (listed)", "2:bad input"})
final class WhoCanCommand implements Callable<Integer> {
  @Mixin TenantSource tenant;

  @Option(names = "--scope", paramLabel = "SCOPE", required = true,
      description = "A resource, resource group, subscription or management group id.")
  String scope;

  @Option(names = "--action", paramLabel = "ACTION", required = true,
      description = "One operation, e.g. Microsoft.KeyVault/vaults/secrets/getSecret/action (data actions are"
          + " recognised by their name).")
  String action;

  @Option(names = "--include-paths",
      description = "Also whoever can act as an allowed managed identity (deploy to its app, or attach it).")
  boolean includePaths;

  @Option(names = "--output", paramLabel = "table|json|csv", defaultValue = "table")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Choices.valid(err, "--output", output, "table", "json", "csv")) {
      return Main.BAD_INPUT;
    }
    WhoCanQuestion question;
    try {
      question = WhoCanQuestion.of(scope, action, includePaths);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<String> problems = new ArrayList<>();
    Tenant source = tenant.tenant(problems);
    problems.forEach(p -> err.println("warning: " + p));
    WhoCanAnswer answer = new WhoCanService(source.authorization(), source.directory(),
        Optional.of(new IdentityActors(source.authorization(), source.directory()))).answer(question);
    out.print(switch (output) {
      case "json" -> WhoCanOutput.jsonLines(answer);
      case "csv" -> WhoCanOutput.csv(answer);
      default -> WhoCanOutput.text(answer);
    });
    out.flush();
    return answer.complete() ? Main.OK : Main.UNAVAILABLE;
  }
}

package com.accessauditor.detect;

import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SHARED_IDENTITY: one user-assigned identity attached to several apps. A compromise of any of them
 * reaches everything the identity can reach, and the grants can no longer be sized to one app.
 */
// One identity may be attached to apps in several subscriptions.
@DetectorInfo(
    kinds = FindingKind.SHARED_IDENTITY,
    severity = Severity.MEDIUM,
    needs = {Facet.SITES},
    reach = Reach.TENANT,
    fix = "Give each app its own identity, with only the roles that app needs")
public final class SharedIdentityDetector implements SweepDetector {

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    Map<Scope, List<SiteIdentity>> users = new LinkedHashMap<>();
    for (SiteIdentity site : facts.sites()) {
      site.userAssigned().keySet().forEach(k -> users.computeIfAbsent(Scope.parse(k), x -> new ArrayList<>()).add(site));
    }
    List<FindingDraft> out = new ArrayList<>();
    users.forEach((identity, sites) -> {
      if (sites.size() < 2) {
        return;
      }
      List<String> names = sites.stream().map(s -> s.siteId().name()).sorted().toList();
      String principal = sites.get(0).userAssigned().entrySet().stream()
          .filter(e -> Scope.parse(e.getKey()).equals(identity)).map(e -> e.getValue().value()).findFirst().orElse("");
      StringBuilder fix = new StringBuilder("# Give each app its own identity with only the roles it needs, e.g. for ")
          .append(names.get(0)).append(":\n");
      SiteIdentity first = sites.get(0);
      fix.append("az identity create --name ").append(AzCommand.quote("id-" + first.siteId().name()))
          .append(" --resource-group ").append(AzCommand.quote(resourceGroup(first.siteId()))).append('\n')
          .append("az functionapp identity assign --ids ").append(AzCommand.quote(first.siteId().value()))
          .append(" --identities <the new identity's id>\n")
          .append("az functionapp identity remove --ids ").append(AzCommand.quote(first.siteId().value()))
          .append(" --identities ").append(AzCommand.quote(identity.value()));
      out.add(new FindingDraft(FindingKind.SHARED_IDENTITY, Severity.LOW, identity.value(),
          identity.subscriptionId().orElse(""), identity.value(), principal, "ServicePrincipal", identity.name(), "",
          "User-assigned identity " + identity.name() + " is shared by " + sites.size() + " apps",
          identity.value() + " is attached to " + String.join(", ", names) + ". A compromise of any one of them"
              + " reaches everything this identity can reach; one identity per app keeps grants sized to it.",
          fix.toString(), FindingDraft.Source.SWEEP, Optional.empty()));
    });
    return out;
  }

  static String resourceGroup(Scope resource) {
    String[] parts = resource.value().split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("resourceGroups")) {
        return parts[i + 1];
      }
    }
    return "";
  }
}

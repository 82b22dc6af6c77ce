package com.accessauditor.detect;

import static com.accessauditor.detect.Facts.id;

import com.accessauditor.baseline.Baseline;
import com.accessauditor.baseline.BaselineException;
import com.accessauditor.baseline.BaselineFile;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant the baseline rules are tested on: func-a's identity declared Storage Blob Data Owner on its
 * account, the group Platform Ops declared Contributor of the resource group, readers tolerated in sandboxes.
 */
final class DeclaredTenant {
  static final Scope APP = Facts.site("func-a");
  static final Scope ACCOUNT = Scope.parse(Facts.RG.value() + "/providers/Microsoft.Storage/storageAccounts/sta");
  static final PrincipalId APP_PRINCIPAL = id(1);
  static final PrincipalId OPS = id(2);

  private DeclaredTenant() {}

  static Baseline baseline() throws BaselineException {
    return BaselineFile.parse("baseline.yaml", """
        assignments:
          - principal: %s
            role: Storage Blob Data Owner
            scope: %s
          - principal: Platform Ops
            role: Contributor
            scope: %s
        tolerate:
          - role: Reader
            scope: /subscriptions/*/resourceGroups/sandbox-*
        """.formatted(APP.value(), ACCOUNT.value(), Facts.RG.value()));
  }

  static Facts facts() throws BaselineException {
    return new Facts().baseline(baseline())
        .site(new SiteIdentity(APP, "functionapp", Optional.of(APP_PRINCIPAL), Map.of(), Map.of()))
        .principal(new Principal(OPS, "group", "Platform Ops", Optional.empty(), Optional.empty(), Optional.empty(),
            List.of()))
        .managedIdentity(APP_PRINCIPAL, "func-a", APP, true);
  }
}

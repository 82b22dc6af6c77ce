package com.accessauditor.detect;

import com.accessauditor.rbac.BuiltInRoles;
import com.accessauditor.findings.FindingDraft;
import com.accessauditor.findings.FindingKind;
import com.accessauditor.findings.Severity;
import com.accessauditor.model.AppSettings;
import com.accessauditor.model.Principal;
import com.accessauditor.model.PrincipalId;
import com.accessauditor.model.RoleAssignment;
import com.accessauditor.model.Scope;
import com.accessauditor.model.SiteIdentity;
import com.accessauditor.model.UserAssignedIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IDENTITY_SETTINGS_MISMATCH: a function app whose storage and identity settings will fail with 403 (or
 * already do), checked from its app settings, its attached identities and their role assignments:
 * <ul>
 *   <li>an {@code AzureWebJobsStorage} connection string with a key while the app has a managed identity;
 *   <li>{@code AzureWebJobsStorage__clientId} or {@code AZURE_CLIENT_ID} naming an identity that is not
 *       attached to the app or no longer exists;
 *   <li>{@code AzureWebJobsStorage__clientId} without {@code AzureWebJobsStorage__credential=managedidentity};
 *   <li>identity-based storage whose identity lacks Storage Blob Data Owner (and Storage Queue Data
 *       Contributor when a queue endpoint is configured) on the account.
 * </ul>
 * Setting values are never copied into a finding; only their names and the account name are.
 */
// The identity a setting names, and its storage grants, may sit in another subscription.
@DetectorInfo(
    kinds = FindingKind.IDENTITY_SETTINGS_MISMATCH,
    severity = Severity.HIGH,
    needs = {Facet.SITES, Facet.APP_SETTINGS, Facet.USER_ASSIGNED_IDENTITIES, Facet.ROLE_ASSIGNMENTS},
    reach = Reach.TENANT,
    fix = "Set the identity-based connection settings right, or grant the identity the storage roles it lacks")
public final class IdentitySettingsMismatchDetector implements SweepDetector {
  static final String STORAGE = "AzureWebJobsStorage";
  private static final Pattern ACCOUNT_IN_URI = Pattern.compile("https://([a-z0-9]+)\\.(blob|queue|table)\\.",
      Pattern.CASE_INSENSITIVE);
  /** The only setting values ever shown besides GUIDs: a storage account name. */
  private static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9]{3,24}");
  private static final Pattern ACCOUNT_IN_CONNECTION_STRING = Pattern.compile("AccountName=([^;]+)",
      Pattern.CASE_INSENSITIVE);

  @Override
  public List<FindingDraft> inspect(SweepFacts facts) {
    List<FindingDraft> out = new ArrayList<>();
    Map<Scope, String> recycled = RecycledIdentityDetector.rootsByApp(facts);
    for (SiteIdentity site : facts.sites()) {
      AppSettings settings = facts.appSettings().get(site.siteId());
      if (settings == null) {
        continue;
      }
      new Check(site, settings, facts, out, Optional.ofNullable(recycled.get(site.siteId()))).run();
    }
    return out;
  }

  /** The checks for one app; each problem is its own finding so fixing one resolves one. */
  private static final class Check {
    private final SiteIdentity site;
    private final AppSettings settings;
    private final SweepFacts facts;
    private final List<FindingDraft> out;
    private final String app;
    /** The app's recycled-identity finding, when its identity was recreated. */
    private final Optional<String> recycle;

    Check(SiteIdentity site, AppSettings settings, SweepFacts facts, List<FindingDraft> out,
        Optional<String> recycle) {
      this.site = site;
      this.recycle = recycle;
      this.settings = settings;
      this.facts = facts;
      this.out = out;
      this.app = site.siteId().name();
    }

    void run() {
      boolean hasIdentity = site.systemAssignedPrincipalId().isPresent() || !site.userAssigned().isEmpty();
      Optional<String> connection = settings.get(STORAGE);
      if (connection.isPresent() && hasIdentity && isKeyBased(connection.get())) {
        String account = match(ACCOUNT_IN_CONNECTION_STRING, connection.get()).filter(a -> ACCOUNT_NAME.matcher(a)
            .matches()).orElse("<account>");
        add("connection-string", Severity.MEDIUM,
            app + " reaches AzureWebJobsStorage with an account key although it has a managed identity",
            "The " + STORAGE + " setting holds a connection string with a key (value not shown). The key gives"
                + " full control of the account to anyone who can read the app's settings, and rotating it"
                + " breaks the app. The app already has a managed identity to use instead.",
            setSettings(STORAGE + "__accountName=" + account) + "\n# after granting the identity its storage"
                + " roles (see the other findings for this app):\naz functionapp config appsettings delete "
                + target() + " --setting-names " + STORAGE);
      }
      for (String name : List.of(STORAGE + "__clientId", "AZURE_CLIENT_ID")) {
        settings.get(name).ifPresent(clientId -> checkClientId(name, clientId.trim()));
      }
      if (settings.has(STORAGE + "__clientId") && !settings.get(STORAGE + "__credential")
          .map(c -> c.equalsIgnoreCase("managedidentity")).orElse(false)) {
        add("credential", Severity.HIGH,
            app + " sets AzureWebJobsStorage__clientId without AzureWebJobsStorage__credential=managedidentity",
            "With a user-assigned identity the host needs " + STORAGE + "__credential=managedidentity next to "
                + STORAGE + "__clientId; without it the client id is ignored and the host tries another"
                + " credential, which fails with 403 or cannot start.",
            setSettings(STORAGE + "__credential=managedidentity"));
      }
      Optional<String> named = settings.get(STORAGE + "__accountName");
      if (named.isPresent() && !ACCOUNT_NAME.matcher(named.get().trim()).matches()) {
        add("account-name", Severity.HIGH, app + ": " + STORAGE + "__accountName is malformed (value not shown)",
            STORAGE + "__accountName must be a storage account name (3 to 24 lower-case letters and digits); it"
                + " holds something else, so the host cannot reach its storage and does not start.",
            setSettings(STORAGE + "__accountName=<storage account name>"));
        return;
      }
      storageAccount().ifPresent(this::checkStorageRoles);
    }

    private void checkClientId(String setting, String clientId) {
      if (!PrincipalId.isGuid(clientId)) {
        // Whatever it holds (a connection string pasted into the wrong box, say) is never copied out.
        add("client-id:" + setting, Severity.HIGH, app + ": " + setting + " is malformed (value not shown)",
            setting + " must be the client id (a GUID) of a user-assigned identity attached to " + app + "; it"
                + " holds something else, so the host cannot get a token with it.",
            "# Set it to an attached identity's client id:\naz identity show --ids <identity id> --query clientId"
                + " -o tsv\n" + setSettings(setting + "=<client id>"));
        return;
      }
      Map<String, String> attached = attachedClientIds();
      if (attached.containsValue(clientId.toLowerCase(Locale.ROOT))) {
        return;
      }
      Optional<UserAssignedIdentity> known = facts.identities().stream()
          .filter(i -> i.clientId().equalsIgnoreCase(clientId)).findFirst();
      String rule = "client-id:" + setting;
      if (known.isPresent()) {
        add(rule, Severity.HIGH, app + ": " + setting + " names identity " + known.get().resourceId().name()
                + ", which is not attached to the app",
            setting + " = " + clientId + " is the client id of " + known.get().resourceId().value()
                + ", but that identity is not attached to " + app + ": every token request for it fails, so calls"
                + " made with it fail.",
            "az functionapp identity assign " + target() + " --identities "
                + AzCommand.quote(known.get().resourceId().value()));
      } else if (facts.covered(Facet.USER_ASSIGNED_IDENTITIES, site.siteId().subscriptionId().orElse(""))) {
        // The directory's deleted items still know the identity a dangling client id belonged to, for 30 days.
        Optional<Principal> deleted = facts.deletedPrincipals().flatMap(d -> d.values().stream()
            .filter(p -> p.isManagedIdentity() && !p.isSystemAssignedIdentity())
            .filter(p -> p.appId().map(clientId::equalsIgnoreCase).orElse(false)).findFirst());
        add(rule, Severity.HIGH, app + ": " + setting + " names an identity that does not exist",
            setting + " = " + clientId + " matches no user-assigned identity attached to " + app + " or present"
                + " in the swept scopes: " + deleted.map(p -> "it is the client id of user-assigned identity '"
                    + p.label() + "'" + p.managedIdentityResourceId().map(r -> " (" + r + ")").orElse("")
                    + ", deleted" + p.deletedDateTime().map(t -> " on " + t).orElse("") + ". Recreating it gives"
                    + " a new client id, so the setting must change either way.")
                .orElse("it was deleted or recreated (a new identity gets a new client id)."),
            "# Point the setting at an attached identity's client id:\naz identity show --ids <identity id> --query"
                + " clientId -o tsv\n" + setSettings(setting + "=<client id>"),
            // The identity's deletion is the root: its orphaned grants in this subscription stand for it.
            deleted.flatMap(p -> OrphanedAssignmentDetector.rootOf(p.id(), site.siteId().subscriptionId().orElse(""),
                facts)));
      }
    }

    private void checkStorageRoles(String account) {
      if (!usesIdentityForStorage()) {
        return;
      }
      Optional<PrincipalId> principal = storagePrincipal();
      if (principal.isEmpty()) {
        return;
      }
      checkRole(account, principal.get(), BuiltInRoles.STORAGE_BLOB_DATA_OWNER, "Storage Blob Data Owner",
          "the host keeps its keys, leases and timers in blobs and cannot start without it");
      if (settings.has(STORAGE + "__queueServiceUri")) {
        checkRole(account, principal.get(), BuiltInRoles.STORAGE_QUEUE_DATA_CONTRIBUTOR,
            "Storage Queue Data Contributor", "queue triggers and blob triggers use the account's queues");
      }
    }

    private void checkRole(String account, PrincipalId principal, String roleGuid, String roleName, String why) {
      boolean granted = facts.assignments().stream()
          .filter(a -> a.principalId().equals(principal))
          .anyMatch(a -> a.roleDefinitionGuid().equals(roleGuid) && covers(a, account));
      if (granted) {
        return;
      }
      // The new principal lacks what the old one held: told with the recycle, whose re-grant fixes it.
      Optional<String> cause = recycle.filter(r -> site.systemAssignedPrincipalId().equals(Optional.of(principal)));
      add("role:" + roleGuid, Severity.HIGH,
          app + "'s identity lacks " + roleName + " on storage account " + account,
          "The app uses identity-based AzureWebJobsStorage (account " + account + ") as principal " + principal
              + ", which holds no " + roleName + " on the account or above it: " + why + ", so the host gets 403"
              + " (AuthorizationPermissionMismatch)."
              + (roleGuid.equals(BuiltInRoles.STORAGE_BLOB_DATA_OWNER) ? " Blob triggers also need Storage Queue Data"
                  + " Contributor and Storage Account Contributor." : ""),
          AzCommand.createAssignment(principal.value(), "ServicePrincipal", roleGuid, "ACCOUNT_ID")
              .replace("ACCOUNT_ID", "\"$(az storage account show --name " + AzCommand.quote(account)
                  + " --query id -o tsv)\""),
          cause);
    }

    /** An assignment at the account, or at a resource group, subscription or higher (which contain it). */
    private static boolean covers(RoleAssignment a, String account) {
      String scope = a.scope().value().toLowerCase(Locale.ROOT);
      return scope.endsWith("/providers/microsoft.storage/storageaccounts/" + account.toLowerCase(Locale.ROOT))
          || a.scope().level() != Scope.Level.RESOURCE;
    }

    private boolean usesIdentityForStorage() {
      return settings.has(STORAGE + "__accountName") || settings.has(STORAGE + "__blobServiceUri");
    }

    private Optional<String> storageAccount() {
      return settings.get(STORAGE + "__accountName").map(String::trim)
          .or(() -> settings.get(STORAGE + "__blobServiceUri").flatMap(u -> match(ACCOUNT_IN_URI, u)));
    }

    /** The identity the host uses for storage: the user-assigned one named by __clientId, else system-assigned. */
    private Optional<PrincipalId> storagePrincipal() {
      Optional<String> clientId = settings.get(STORAGE + "__clientId");
      if (clientId.isEmpty()) {
        return site.systemAssignedPrincipalId();
      }
      String wanted = clientId.get().trim().toLowerCase(Locale.ROOT);
      return attachedClientIds().entrySet().stream().filter(e -> e.getValue().equals(wanted))
          .map(e -> site.userAssigned().get(e.getKey())).filter(p -> p != null).findFirst();
    }

    /** Attached user-assigned identities (original resource-id key) to their lower-case client id. */
    private Map<String, String> attachedClientIds() {
      Map<String, String> out = new java.util.HashMap<>();
      site.userAssignedClientIds().forEach((k, v) -> out.put(k, v.toLowerCase(Locale.ROOT)));
      for (String key : site.userAssigned().keySet()) {
        facts.identities().stream().filter(i -> i.resourceId().equals(Scope.parse(key))).findFirst()
            .ifPresent(i -> out.putIfAbsent(key, i.clientId().toLowerCase(Locale.ROOT)));
      }
      return out;
    }

    private String target() {
      return "--ids " + AzCommand.quote(site.siteId().value());
    }

    private String setSettings(String assignment) {
      return "az functionapp config appsettings set " + target() + " --settings " + AzCommand.quote(assignment);
    }

    private void add(String rule, Severity severity, String title, String detail, String remediation) {
      add(rule, severity, title, detail, remediation, Optional.empty());
    }

    /** With the fingerprint of the finding this one follows from, if it follows from one. */
    private void add(String rule, Severity severity, String title, String detail, String remediation,
        Optional<String> causedBy) {
      FindingDraft draft = new FindingDraft(FindingKind.IDENTITY_SETTINGS_MISMATCH, severity,
          site.siteId().value() + "|" + rule, site.siteId().subscriptionId().orElse(""), site.siteId().value(),
          site.systemAssignedPrincipalId().map(PrincipalId::value).orElse(""), "ServicePrincipal", app, "", title,
          detail, remediation, FindingDraft.Source.SWEEP, Optional.empty());
      out.add(causedBy.map(draft::causedBy).orElse(draft));
    }
  }

  static boolean isKeyBased(String connection) {
    String c = connection.toLowerCase(Locale.ROOT);
    return c.contains("accountkey=") || c.contains("sharedaccesssignature=");
  }

  private static Optional<String> match(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}

package com.accessauditor.infra;

import com.accessauditor.rbac.RoleCatalogue;
import com.accessauditor.rbac.RoleEvaluation;
import static org.assertj.core.api.Assertions.assertThat;

import com.accessauditor.app.Settings;

import com.accessauditor.events.ChangeKind;
import com.accessauditor.functions.EventCaptureFunction;
import com.accessauditor.rbac.ActionKind;
import com.accessauditor.model.RoleDefinition;
import com.accessauditor.snapshot.SnapshotShapes;
import com.accessauditor.support.Resources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Bicep compiler is not available here, so infra/ is held to the code by reading the templates: the app
 * settings, the roles (real built-in ids, read-only on audited scopes), storage without shared keys, and the
 * Event Grid filter. Each test fails when infra/ and the code drift apart.
 */
class InfraConsistencyTest {
  private static final BicepFile APP = BicepFile.read("modules/function-app.bicep");
  private static final BicepFile ROLES = BicepFile.read("modules/roles.bicep");
  private static final BicepFile OPERATIONS = BicepFile.read("modules/operations.bicep");
  private static final List<BicepFile> AUDITED_SCOPES =
      List.of(BicepFile.read("modules/audited-subscription.bicep"), BicepFile.read("audit-management-group.bicep"));
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** Microsoft Graph's well-known application id: the one GUID a template may spell out besides roles.bicep. */
  private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
  /** Settings infra/ sets that the Functions host or a library reads, not our code, and why. */
  private static final Map<String, String> HOST_SETTINGS = Map.of(
      "APPLICATIONINSIGHTS_CONNECTION_STRING", "the host's telemetry target",
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "telemetry sent with Entra ID, local auth off",
      "FUNCTIONS_EXTENSION_VERSION", "host version on Premium and Consumption",
      "FUNCTIONS_WORKER_RUNTIME", "Java worker on Premium and Consumption",
      "WEBSITE_RUN_FROM_PACKAGE", "package on Premium and Consumption",
      "WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID", "Linux Consumption fetches the package with the identity",
      "AZURE_CLIENT_ID", "DefaultAzureCredential's user-assigned identity (ARM, Graph, Log Analytics)",
      "AzureFunctionsJobHost__functionTimeout", "host.json's functionTimeout, raised where the plan allows");

  // ---- app settings

  @Test
  void everySettingTheCodeReadsIsSetByInfra() throws Exception {
    assertThat(infraSettings().keySet()).containsAll(settingsTheCodeReads());
  }

  @Test
  void everySettingInfraSetsIsReadByTheCodeOrByTheHost() throws Exception {
    Set<String> known = new TreeSet<>(settingsTheCodeReads());
    known.addAll(HOST_SETTINGS.keySet());
    assertThat(known).containsAll(infraSettings().keySet());
  }

  @Test
  void storageIsReachedWithTheIdentityAndNeverWithAConnectionString() {
    Map<String, String> settings = infraSettings();
    assertThat(settings).doesNotContainKey(Settings.STORAGE);
    assertThat(settings.get(Settings.STORAGE_CREDENTIAL)).isEqualTo("'managedidentity'");
    assertThat(BicepFile.keys(APP.declaration("var userAssignedSettings ")).keySet())
        .as("a user-assigned identity must be named to the host and to DefaultAzureCredential alike")
        .containsExactlyInAnyOrder(Settings.STORAGE_CREDENTIAL, Settings.STORAGE_CLIENT_ID, "AZURE_CLIENT_ID");
  }

  @Test
  void alertWebhookUrlsAreKeyVaultReferencesNeverValues() {
    Map<String, String> settings = infraSettings();
    Settings.ALERT_CHANNELS.keySet().forEach(name ->
        assertThat(settings.get(name)).as(name).startsWith("keyVaultReference("));
    assertThat(APP.text).contains("'@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'");
  }

  @Test
  void noTemplateHoldsAKeyConnectionStringOrSecret() throws IOException {
    List<String> forbidden = List.of("accountkey=", "defaultendpointsprotocol=", "sharedaccesssignature=",
        "sharedaccesskey=", "sig=", "listkeys(", "listsecrets(", "listconnectionstrings", "hooks.slack.com/services",
        "webhook.office.com", "client_secret", "clientsecret", "password");
    for (Path file : infraFiles()) {
      String text = Files.readString(file).toLowerCase(java.util.Locale.ROOT);
      forbidden.forEach(f -> assertThat(text).as(file + " contains '" + f + "'").doesNotContain(f));
    }
    for (Path file : bicepFiles()) {
      Matcher secure = Pattern.compile("@secure\\(\\)\\s*(?:@description\\([^\\n]*\\)\\s*)?param (\\w+) string( = '.*')?")
          .matcher(Files.readString(file));
      while (secure.find()) {
        assertThat(secure.group(2)).as(file + ": secure parameter " + secure.group(1) + " defaults to a value")
            .isIn(null, " = ''");
      }
    }
    assertThat(BicepFile.read("main.bicepparam").declared("param")).as("secrets belong on the command line")
        .doesNotContain("alertWebhookUrl", "alertTeamsUrl", "alertSlackUrl");
  }

  // ---- roles

  @Test
  void everyRoleIdIsTheRealBuiltInIdOfTheRoleNamedBesideIt() throws IOException {
    Map<String, String> realIds = new HashMap<>();
    realBuiltIns().forEach(d -> realIds.put(d.roleName(), d.guid()));
    Map<String, String> granted = grantedRoles();

    assertThat(granted).isNotEmpty();
    granted.forEach((name, id) -> assertThat(id).as(name).isEqualTo(realIds.get(name)));
  }

  @Test
  void noRoleGrantedAnywhereCanAssignRolesOrReopenKeysOrChangeTheVault() throws IOException {
    Map<String, RoleDefinition> real = new HashMap<>();
    realBuiltIns().forEach(d -> real.put(d.roleName(), d));
    for (String name : grantedRoles().keySet()) {
      RoleDefinition role = real.get(name);
      assertThat(RoleEvaluation.grantsControl(role, "Microsoft.Authorization/roleAssignments/write")).as(name).isFalse();
      assertThat(RoleEvaluation.grantsControl(role, "Microsoft.Storage/storageAccounts/write")).as(name + " could turn shared keys on")
          .isFalse();
      assertThat(RoleEvaluation.grantsControl(role, "Microsoft.KeyVault/vaults/write")).as(name).isFalse();
      assertThat(RoleEvaluation.grants(role, "Microsoft.KeyVault/vaults/secrets/setSecret/action", ActionKind.DATA)).as(name).isFalse();
    }
  }

  /**
   * Actions that write, or that read a secret (and so hand over whoever it protects), each with its reason.
   * None may be granted at a scope the auditor does not own.
   */
  private static final Map<String, String> WRITES_OR_REVEALS_SECRETS = Map.ofEntries(
      Map.entry("Microsoft.Web/sites/config/list/action", "lists app settings, connection strings, auth secrets"
          + " and publishing credentials: publish code to the app and run as its identity"),
      Map.entry("Microsoft.Web/sites/publishxml/action", "the publishing profile, with deployment credentials"),
      Map.entry("Microsoft.Web/sites/host/listkeys/action", "the function app's host and master keys"),
      Map.entry("Microsoft.Web/sites/functions/listkeys/action", "function keys"),
      Map.entry("Microsoft.Web/sites/config/write", "changes what runs as the app's identity"),
      Map.entry("Microsoft.Web/sites/write", "changes what runs as the app's identity"),
      Map.entry("Microsoft.Storage/storageAccounts/listKeys/action", "storage account keys: every blob and table"),
      Map.entry("Microsoft.Storage/storageAccounts/listAccountSas/action", "a SAS for the whole account"),
      Map.entry("Microsoft.Storage/storageAccounts/write", "turns shared-key access back on"),
      Map.entry("Microsoft.KeyVault/vaults/write", "changes the vault's access policy"),
      Map.entry("Microsoft.OperationalInsights/workspaces/sharedKeys/action", "the workspace's ingestion keys"),
      Map.entry("Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action", "cluster admin"),
      Map.entry("Microsoft.DocumentDB/databaseAccounts/listKeys/action", "Cosmos DB account keys"),
      Map.entry("Microsoft.Cache/redis/listKeys/action", "Redis access keys"),
      Map.entry("Microsoft.ServiceBus/namespaces/authorizationRules/listKeys/action", "Service Bus keys"),
      Map.entry("Microsoft.EventHub/namespaces/authorizationRules/listKeys/action", "Event Hubs keys"),
      Map.entry("Microsoft.Logic/workflows/listCallbackUrl/action", "a Logic App trigger URL with its signature"),
      Map.entry("Microsoft.Compute/virtualMachines/runCommand/action", "runs commands on a VM"),
      Map.entry("Microsoft.ManagedIdentity/userAssignedIdentities/assign/action", "attaches an identity to compute"),
      Map.entry("Microsoft.Authorization/roleAssignments/write", "grants any role"),
      Map.entry("Microsoft.Resources/deployments/write", "deploys anything the identity may write"));

  /** Actions granted at scopes the auditor does not own that do not end in /read, and why each is a read. */
  private static final Map<String, String> READS_THAT_ARE_ACTIONS = Map.of(
      "Microsoft.OperationalInsights/workspaces/analytics/query/action", "a KQL query: reads logs",
      "Microsoft.OperationalInsights/workspaces/search/action", "a log search: reads logs",
      "Microsoft.Support/*", "support tickets live at a subscription: granted on one workspace it opens none");

  /** Templates that grant on scopes the auditor does not own: audited scopes, opted-in groups, a workspace. */
  private static final List<String> NOT_OWNED = List.of("modules/audited-subscription.bicep",
      "audit-management-group.bicep", "modules/app-settings-reader.bicep", "modules/logs-reader.bicep");

  @Test
  void nothingGrantedWhereTheAuditorDoesNotOwnTheScopeWritesOrRevealsASecret() throws IOException {
    Map<String, RoleDefinition> real = new HashMap<>();
    realBuiltIns().forEach(d -> real.put(d.roleName(), d));
    for (String path : NOT_OWNED) {
      BicepFile file = BicepFile.read(path);
      for (String name : rolesUsedIn(file.text)) {
        RoleDefinition role = real.get(name);
        WRITES_OR_REVEALS_SECRETS.forEach((action, why) -> assertThat(RoleEvaluation.grantsControl(role, action)
            || RoleEvaluation.grants(role, action, ActionKind.DATA)).as(path + ": " + name + " grants " + action
            + " (" + why + ")").isFalse());
        role.permissions().forEach(p -> p.allowed(ActionKind.CONTROL).forEach(a -> assertThat(
            a.endsWith("/read") || READS_THAT_ARE_ACTIONS.containsKey(a)).as(path + ": " + name + " grants " + a).isTrue()));
        assertThat(role.permissions()).as(path + ": " + name + " reads data").allSatisfy(p ->
            assertThat(p.allowed(ActionKind.DATA)).isEmpty());
      }
      for (String definition : file.resources("Microsoft.Authorization/roleDefinitions")) {
        List<String> actions = BicepFile.strings(definition.substring(definition.indexOf("actions:"),
            definition.indexOf("notActions:")));
        assertThat(definition).contains("dataActions: []");
        for (String a : actions) {
          boolean optIn = path.equals("modules/app-settings-reader.bicep") && a.equals("Microsoft.Web/sites/config/list/action");
          assertThat(a.endsWith("/read") || optIn).as(path + ": custom role grants " + a).isTrue();
        }
      }
    }
  }

  @Test
  void onTheAuditorsOwnResourcesEveryRoleIsGrantedOnOneResource() {
    Set<String> notOwned = NOT_OWNED.stream().map(p -> BicepFile.INFRA.resolve(p).normalize().toString())
        .collect(Collectors.toSet());
    bicepFileTexts().forEach((path, file) -> {
      if (notOwned.contains(path.normalize().toString())) {
        return;
      }
      file.resources("Microsoft.Authorization/roleAssignments").forEach(assignment -> assertThat(assignment)
          .as(path + ": outside the audited scopes a role is granted on one resource only")
          .containsPattern("(?m)^\\s+scope: \\w+"));
    });
  }

  @Test
  void listingAppSettingsIsOptInOnChosenResourceGroupsOnly() {
    BicepFile reader = BicepFile.read("modules/app-settings-reader.bicep");
    BicepFile main = BicepFile.read("main.bicep");

    assertThat(reader.text).contains("targetScope = 'resourceGroup'").contains("resourceGroup().id");
    assertThat(main.declaration("param appSettingsResourceGroups ").strip()).endsWith("= []");
    assertThat(BicepFile.read("main.bicepparam").text).contains("param appSettingsResourceGroups = []");
    assertThat(main.text).contains("scope: resourceGroup(g.subscriptionId, g.resourceGroup)");
    assertThat(main.declaration("var appSettingsScopes ")).as("the app is told exactly where it was granted, and"
        + " tries nowhere else").contains("empty(appSettingsResourceGroups) ? 'none'")
        .contains("map(appSettingsResourceGroups, g => '/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}')");
    assertThat(infraSettings().get(Settings.APP_SETTINGS_SCOPES)).isEqualTo("appSettingsScopes");
    for (BicepFile audited : AUDITED_SCOPES) {
      assertThat(audited.text).as(audited.path.toString()).doesNotContain("config/list/action");
      assertThat(audited.resources("Microsoft.Authorization/roleDefinitions")).as(audited.path.toString()).isEmpty();
    }
  }

  @Test
  void peopleSignInWithEntraAndTheEventGridTriggerKeepsItsKey() throws Exception {
    BicepFile auth = BicepFile.read("modules/sign-in-settings.bicep");
    BicepFile registration = BicepFile.read("modules/sign-in.bicep");
    String settings = auth.resources("Microsoft.Web/sites/config").get(0);
    Map<String, String> appSettings = infraSettings();

    assertThat(settings).contains("name: 'authsettingsV2'").contains("requireAuthentication: true")
        .contains("azureActiveDirectory").contains("'/runtime/webhooks/eventgrid'")
        .doesNotContain("clientSecretSettingName");
    assertThat(registration.text).contains("appRoleAssignmentRequired: true").contains("signInAudience: 'AzureADMyOrg'");
    String role = BicepFile.strings(registration.declaration("var readerRole ")).get(0);
    assertThat(appSettings.get(Settings.HTTP_READER_ROLE)).isEqualTo("'" + role + "'");
    assertThat(appSettings.get(Settings.HTTP_SIGN_IN)).isEqualTo("signIn ? 'entra' : 'keys'");
    assertThat(BicepFile.read("main.bicep").declaration("param signIn ").strip()).endsWith("= true");
    String event = EventCaptureFunction.class.getMethod("run", String.class,
        com.microsoft.azure.functions.ExecutionContext.class).getAnnotation(FunctionName.class).value();
    assertThat(event).as("the excluded path serves every Event Grid trigger").isNotBlank();
  }

  @Test
  void roleAssignmentsNameTheirRoleThroughTheCheckedTableOnly() {
    bicepFileTexts().forEach((path, file) -> {
      for (String assignment : file.resources("Microsoft.Authorization/roleAssignments")) {
        String line = assignment.lines().filter(l -> l.contains("roleDefinitionId:")).findFirst().orElseThrow();
        assertThat(line.contains("builtInRoles") || line.contains("appSettingsReaderRole.id"))
            .as(path + ": " + line.trim()).isTrue();
      }
      if (!path.endsWith("roles.bicep")) {
        Matcher guid = GUID.matcher(file.text);
        while (guid.find()) {
          assertThat(guid.group()).as(path + " spells out a GUID; role ids belong in roles.bicep")
              .isEqualTo(GRAPH_APP_ID);
        }
      }
    });
  }

  @Test
  void theQueueTriggersReadTheSweepsQueuesWithTheRolesAndSettingsInfraGrants() throws Exception {
    List<String> queues = new ArrayList<>();
    for (Method m : functionMethods()) {
      for (Annotation[] annotations : m.getParameterAnnotations()) {
        for (Annotation a : annotations) {
          assertThat(a).as(m + ": a blob trigger needs Storage Account Contributor, which infra does not grant")
              .isNotInstanceOf(BlobTrigger.class);
          if (a instanceof QueueTrigger q) {
            assertThat(q.connection()).as(m + " reaches the host's own account by identity").isEqualTo("AzureWebJobsStorage");
            queues.add(q.queueName());
          }
        }
      }
    }
    assertThat(queues).containsExactlyInAnyOrder(com.accessauditor.sweep.WorkQueue.SUBSCRIPTIONS,
        com.accessauditor.sweep.WorkQueue.FINAL_STEPS);
    assertThat(BicepFile.strings(APP.declaration("var storageRoles "))).containsExactlyInAnyOrder(
        "Storage Blob Data Owner", "Storage Table Data Contributor", "Storage Queue Data Contributor");
    assertThat(APP.declaration("var storageSettings ")).contains("AzureWebJobsStorage__queueServiceUri: queueEndpoint");
    com.fasterxml.jackson.databind.JsonNode host = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Files.readString(BicepFile.INFRA.resolve("../host.json")));
    assertThat(host.at("/extensions/queues/maxDequeueCount").asInt())
        .as("the host gives a message up when the worker's last delivery marks its subscription FAILED")
        .isEqualTo(com.accessauditor.sweep.WorkQueue.MAX_DEQUEUE_COUNT);
    assertThat(host.at("/extensions/queues/batchSize").asInt() + host.at("/extensions/queues/newBatchThreshold").asInt())
        .as("subscriptions in flight per instance").isBetween(1, 4);
    assertThat(host.at("/functionTimeout").asText()).as("the most Consumption allows").isEqualTo("00:10:00");
    assertThat(APP.declaration("var timeoutSettings ")).as("a final step joining thousands of subscriptions gets an"
        + " hour where the plan allows one").contains("hostingPlan == 'Consumption' ? {}")
        .contains("AzureFunctionsJobHost__functionTimeout: '01:00:00'");
  }

  @Test
  void graphPermissionsAreReadOnlyAndTheScriptGrantsTheSame() throws Exception {
    BicepFile graph = BicepFile.read("modules/graph-permissions.bicep");
    List<String> bicep = BicepFile.strings(graph.declaration("var appRoles "));
    String script = Files.readString(BicepFile.INFRA.resolve("grant-graph-permissions.sh"));
    Matcher listed = Pattern.compile("(?m)^permissions=\\(([^)]*)\\)").matcher(script);

    assertThat(bicep).containsExactly("Directory.Read.All");
    assertThat(listed.find()).isTrue();
    assertThat(List.of(listed.group(1).trim().split("\\s+"))).isEqualTo(bicep);
    Process check = new ProcessBuilder("bash", "-n", BicepFile.INFRA.resolve("grant-graph-permissions.sh").toString())
        .redirectErrorStream(true).start();
    assertThat(check.waitFor()).as(new String(check.getInputStream().readAllBytes())).isZero();
  }

  // ---- storage and events

  @Test
  void theStorageAccountRefusesSharedKeysAndAnonymousReads() {
    String account = BicepFile.read("modules/storage.bicep").resources("Microsoft.Storage/storageAccounts").get(0);
    assertThat(account).contains("allowSharedKeyAccess: false").contains("allowBlobPublicAccess: false")
        .contains("minimumTlsVersion: 'TLS1_2'").contains("supportsHttpsTrafficOnly: true");
    bicepFileTexts().forEach((path, file) ->
        assertThat(file.text).as(path.toString()).doesNotContain("allowSharedKeyAccess: true"));
  }

  @Test
  void theEventGridFilterListsExactlyTheOperationsTheHandlerSupports() {
    List<String> filtered = BicepFile.strings(OPERATIONS.declaration("var capturedOperations "));
    List<String> handled = Arrays.stream(ChangeKind.values()).map(ChangeKind::operationName).toList();

    assertThat(filtered).containsExactlyInAnyOrderElementsOf(handled).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(25);
    Set<String> types = new LinkedHashSet<>();
    Arrays.stream(ChangeKind.values()).forEach(k -> types.add(k.isDelete()
        ? "Microsoft.Resources.ResourceDeleteSuccess" : "Microsoft.Resources.ResourceWriteSuccess"));
    assertThat(BicepFile.strings(OPERATIONS.declaration("var capturedEventTypes "))).containsExactlyInAnyOrderElementsOf(types);
  }

  @Test
  void eventsGoToTheEventGridFunctionWithRetriesAndDeadLettering() throws Exception {
    BicepFile subscription = BicepFile.read("modules/event-subscription.bicep");
    String function = EventCaptureFunction.class.getMethod("run", String.class,
        com.microsoft.azure.functions.ExecutionContext.class).getAnnotation(FunctionName.class).value();

    assertThat(subscription.declaration("param functionName ")).contains("= '" + function + "'");
    assertThat(subscription.text).contains("endpointType: 'AzureFunction'")
        .contains("key: 'data.operationName'").contains("values: capturedOperations")
        .contains("includedEventTypes: capturedEventTypes").contains("eventTimeToLiveInMinutes: 1440")
        .contains("deadLetterWithResourceIdentity:");
  }

  @Test
  void everyModuleImportAndParameterTheTemplatesNameExists() throws IOException {
    bicepFileTexts().forEach((path, file) -> file.references().forEach(ref ->
        assertThat(path.resolveSibling(ref)).as(path + " uses " + ref).exists()));
    BicepFile main = BicepFile.read("main.bicep");
    BicepFile parameters = BicepFile.read("main.bicepparam");
    assertThat(main.declared("param")).containsAll(parameters.declared("param"));
    assertThat(parameters.references()).containsExactly("main.bicep");
  }

  // ---- helpers

  /** Names in the app settings: the keys of every `var ...Settings` object in the function app module. */
  private static Map<String, String> infraSettings() {
    Map<String, String> out = new HashMap<>();
    APP.declared("var").stream().filter(v -> v.endsWith("Settings") && !v.equals("appSettings"))
        .forEach(v -> out.putAll(BicepFile.keys(APP.declaration("var " + v + " "))));
    return out;
  }

  /** Every app setting name Settings defines (bar the refused connection string) and the triggers' %NAME%s. */
  private static Set<String> settingsTheCodeReads() throws Exception {
    Set<String> out = new TreeSet<>();
    for (Field f : Settings.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
        out.add((String) f.get(null));
      }
    }
    out.addAll(Settings.ALERT_CHANNELS.keySet());
    out.remove(Settings.STORAGE);
    Pattern percent = Pattern.compile("%([A-Za-z0-9_]+)%");
    for (Method m : functionMethods()) {
      for (Annotation[] annotations : m.getParameterAnnotations()) {
        for (Annotation a : annotations) {
          if (a instanceof TimerTrigger t) {
            Matcher name = percent.matcher(t.schedule());
            while (name.find()) {
              out.add(name.group(1));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<Method> functionMethods() throws Exception {
    Path classes = Path.of(EventCaptureFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Method> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes.resolve("com/accessauditor/functions"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("com.accessauditor.functions." + name, false,
            InfraConsistencyTest.class.getClassLoader());
        Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FunctionName.class)).forEach(out::add);
      }
    }
    assertThat(out).as("Functions methods found").hasSizeGreaterThanOrEqualTo(5);
    return out;
  }

  /** Role name to id, as infra/modules/roles.bicep writes them. */
  private static Map<String, String> grantedRoles() {
    Map<String, String> out = new HashMap<>();
    BicepFile.keys(ROLES.declaration("var builtInRoles ")).forEach((name, value) ->
        out.put(name, BicepFile.strings(value).get(0)));
    return out;
  }

  private static List<RoleDefinition> realBuiltIns() throws IOException {
    List<RoleDefinition> out = new ArrayList<>(RoleCatalogue.builtIns());
    new ObjectMapper().readTree(Resources.text("roles/builtin-roles-infra.json")).path("value")
        .forEach(row -> out.add(SnapshotShapes.roleDefinition(row)));
    return out;
  }

  private static Set<String> rolesUsedIn(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("builtInRoles(?:\\.(\\w+)|\\['([^']+)'\\])").matcher(text);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static List<Path> infraFiles() throws IOException {
    try (Stream<Path> files = Files.walk(BicepFile.INFRA)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).toList();
    }
  }

  private static List<Path> bicepFiles() throws IOException {
    return infraFiles().stream().filter(p -> p.toString().endsWith(".bicep")).toList();
  }

  private static Map<Path, BicepFile> bicepFileTexts() {
    Map<Path, BicepFile> out = new HashMap<>();
    try {
      bicepFiles().forEach(p -> out.put(p, BicepFile.read(BicepFile.INFRA.relativize(p).toString())));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(out).as("Bicep files under infra/").hasSizeGreaterThanOrEqualTo(10);
    return out;
  }
}

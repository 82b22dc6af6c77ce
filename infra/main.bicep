// Access Auditor: the Function App under its own managed identity, its storage (shared keys off),
// monitoring, Key Vault, optional alert topic, read-only access to each audited subscription, Event Grid
// delivery of their changes, and the Microsoft Graph permission. Deploy at the subscription that hosts
// the app:
//   az deployment sub create --location <region> --template-file infra/main.bicep --parameters infra/main.bicepparam
// Management groups get Reader with audit-management-group.bicep (az deployment mg create).
targetScope = 'subscription'

type auditedSubscription = {
  @description('Subscription id (GUID) to audit.')
  subscriptionId: string

  @description('Resource group for its Event Grid system topic (created if missing). Default: rg-access-auditor-events.')
  eventsResourceGroup: string?

  @description('Name of its Event Grid system topic. A subscription can have only one: if it has one, give its name and resource group here.')
  systemTopicName: string?
}

@description('Name of the app; resource names derive from it.')
@minLength(3)
@maxLength(40)
param name string = 'access-auditor'

@description('Region of the app and its resources.')
param location string = deployment().location

param resourceGroupName string = 'rg-${name}'

@description('FlexConsumption (default), Premium (EP1) or Consumption (Linux Y1, retiring). All Linux, Java 17.')
@allowed([
  'FlexConsumption'
  'Premium'
  'Consumption'
])
param hostingPlan string = 'FlexConsumption'

@description('Name of a user-assigned identity to create and run the app as; empty: the system-assigned identity.')
param userAssignedIdentityName string = ''

@description('Subscriptions to audit: Reader and their change events.')
param auditedSubscriptions auditedSubscription[]

@description('Management group ids the sweep also covers (grant Reader there with audit-management-group.bicep).')
param auditedManagementGroups string[] = []

type appSettingsResourceGroup = {
  @description('Subscription id (GUID) of the resource group.')
  subscriptionId: string

  @description('Resource group whose function apps\' settings the sweep may list.')
  resourceGroup: string
}

@description('Resource groups where the sweep may list function apps\' settings (modules/app-settings-reader.bicep). Listing settings also reveals their secrets and publishing credentials, so none by default: elsewhere the sweep reports "app settings not read".')
param appSettingsResourceGroups appSettingsResourceGroup[] = []

@description('People sign in with Entra ID (App Service Authentication and an app registration with the AccessAuditor.Reader role) to use /api/diagnose, /api/findings and /api/who-can. false: the function key alone guards them.')
param signIn bool = true

@description('Subscribe the app\'s Event Grid function to each audited subscription. Needs the code deployed first: deploy with false, publish the app, then deploy again with true.')
param subscribeToEvents bool = false

@description('Grant Directory.Read.All on Microsoft Graph with the Bicep Graph extension (needs Privileged Role Administrator). false: run grant-graph-permissions.sh instead.')
param grantGraphPermissions bool = true

@description('NCRONTAB schedule of the sweep.')
param sweepSchedule string = '0 0 */6 * * *'

@description('Baseline file path inside the deployed app, or empty.')
param baseline string = ''

@allowed([
  'low'
  'medium'
  'high'
  'critical'
])
param alertMinSeverity string = 'high'

@description('ISO-8601 duration within which a finding is not alerted twice.')
param alertSuppression string = 'PT24H'

param alertDigest bool = false

@description('Alert on a privileged grant that is a PIM activation (by default recorded quietly: the eligibility is judged).')
param alertOnPimActivations bool = false

@description('id=why;id=why: callers whose role assignments page nobody (e.g. the MS-PIM app id).')
param quietCallers string = ''

@secure()
@description('Generic JSON webhook URL; stored in Key Vault. Give it on the command line, never in the parameters file.')
param alertWebhookUrl string = ''

@secure()
@description('Teams workflow webhook URL; stored in Key Vault.')
param alertTeamsUrl string = ''

@secure()
@description('Slack incoming webhook URL; stored in Key Vault.')
param alertSlackUrl string = ''

@description('Create an Event Grid custom topic the app publishes alerts to as CloudEvents.')
param createAlertTopic bool = false

@description('Resource id of a Log Analytics workspace to read recent 403s from (403 diagnosis), or empty.')
param logsWorkspaceResourceId string = ''

@description('Microsoft Graph endpoint (sovereign clouds differ).')
param graphEndpoint string = 'https://graph.microsoft.com/'

@description('Log Analytics query endpoint (sovereign clouds differ).')
param logsEndpoint string = 'https://api.loganalytics.io/v1'

param tags object = {
  application: 'access-auditor'
}

var suffix = uniqueString(subscription().id, name)
var storageName = take(toLower('st${replace(name, '-', '')}${suffix}'), 24)
var vaultName = take('kv-${take(name, 8)}-${suffix}', 24)
var userAssigned = !empty(userAssignedIdentityName)
// The sweep lists app settings only where modules/app-settings-reader.bicep granted it, and tries nowhere else.
var appSettingsScopes = empty(appSettingsResourceGroups) ? 'none' : join(map(appSettingsResourceGroups, g => '/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}'), ',')
var auditorScopes = join(concat(map(auditedSubscriptions, s => s.subscriptionId), map(auditedManagementGroups, g => tenantResourceId('Microsoft.Management/managementGroups', g))), ',')
var logsEnabled = !empty(logsWorkspaceResourceId)
var logsParts = split(logsWorkspaceResourceId, '/')

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/user-assigned-identity.bicep' = if (userAssigned) {
  name: 'access-auditor-identity'
  scope: group
  params: {
    name: empty(userAssignedIdentityName) ? 'none' : userAssignedIdentityName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'access-auditor-storage'
  scope: group
  params: {
    name: storageName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'access-auditor-monitoring'
  scope: group
  params: {
    name: name
    location: location
    tags: tags
  }
}

module vault 'modules/key-vault.bicep' = {
  name: 'access-auditor-vault'
  scope: group
  params: {
    name: vaultName
    location: location
    tags: tags
    alertWebhookUrl: alertWebhookUrl
    alertTeamsUrl: alertTeamsUrl
    alertSlackUrl: alertSlackUrl
  }
}

module alertTopic 'modules/alert-topic.bicep' = if (createAlertTopic) {
  name: 'access-auditor-alert-topic'
  scope: group
  params: {
    name: 'evgt-${name}-alerts'
    location: location
    tags: tags
  }
}

module logsWorkspace 'modules/logs-workspace.bicep' = if (logsEnabled) {
  name: 'access-auditor-logs-workspace'
  scope: resourceGroup(logsEnabled ? logsParts[2] : subscription().subscriptionId, logsEnabled ? logsParts[4] : resourceGroupName)
  params: {
    workspaceName: logsEnabled ? logsParts[8] : 'none'
  }
}

module app 'modules/function-app.bicep' = {
  name: 'access-auditor-app'
  scope: group
  params: {
    name: '${name}-${suffix}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    userAssignedIdentityId: userAssigned ? identity.outputs.id : ''
    userAssignedClientId: userAssigned ? identity.outputs.clientId : ''
    userAssignedPrincipalId: userAssigned ? identity.outputs.principalId : ''
    storageAccountName: storage.outputs.name
    tableEndpoint: storage.outputs.tableEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    packageContainerUrl: storage.outputs.packageContainerUrl
    insightsName: monitoring.outputs.insightsName
    insightsConnectionString: monitoring.outputs.insightsConnectionString
    keyVaultName: vault.outputs.name
    alertWebhookSecretName: vault.outputs.webhookSecretName
    alertTeamsSecretName: vault.outputs.teamsSecretName
    alertSlackSecretName: vault.outputs.slackSecretName
    alertTopicName: createAlertTopic ? alertTopic.outputs.name : ''
    alertTopicEndpoint: createAlertTopic ? alertTopic.outputs.endpoint : ''
    armEndpoint: environment().resourceManager
    graphEndpoint: graphEndpoint
    auditorScopes: auditorScopes
    appSettingsScopes: appSettingsScopes
    sweepSchedule: sweepSchedule
    baseline: baseline
    alertMinSeverity: alertMinSeverity
    alertSuppression: alertSuppression
    alertDigest: alertDigest
    alertOnPimActivations: alertOnPimActivations
    quietCallers: quietCallers
    logsWorkspaceId: logsEnabled ? logsWorkspace.outputs.customerId : ''
    logsEndpoint: logsEndpoint
    signIn: signIn
  }
}

module signInApp 'modules/sign-in.bicep' = if (signIn) {
  name: 'access-auditor-sign-in'
  scope: group
  params: {
    name: '${name}-${suffix}'
    hostName: app.outputs.defaultHostName
  }
}

module signInSettings 'modules/sign-in-settings.bicep' = if (signIn) {
  name: 'access-auditor-sign-in-settings'
  scope: group
  params: {
    siteName: app.outputs.name
    clientId: signIn ? signInApp.outputs.clientId : ''
  }
}

module appSettingsReaders 'modules/app-settings-reader.bicep' = [for g in appSettingsResourceGroups: {
  name: 'access-auditor-settings-${uniqueString(g.subscriptionId, g.resourceGroup)}'
  scope: resourceGroup(g.subscriptionId, g.resourceGroup)
  params: {
    principalId: app.outputs.runtimePrincipalId
  }
}]

module logsReader 'modules/logs-reader.bicep' = if (logsEnabled) {
  name: 'access-auditor-logs-reader'
  scope: resourceGroup(logsEnabled ? logsParts[2] : subscription().subscriptionId, logsEnabled ? logsParts[4] : resourceGroupName)
  params: {
    workspaceName: logsEnabled ? logsParts[8] : 'none'
    principalId: app.outputs.runtimePrincipalId
  }
}

module graphPermissions 'modules/graph-permissions.bicep' = if (grantGraphPermissions) {
  name: 'access-auditor-graph-permissions'
  scope: group
  params: {
    principalId: app.outputs.runtimePrincipalId
  }
}

module audited 'modules/audited-subscription.bicep' = [for s in auditedSubscriptions: {
  name: 'access-auditor-audit-${s.subscriptionId}'
  scope: subscription(s.subscriptionId)
  params: {
    principalId: app.outputs.runtimePrincipalId
    eventsResourceGroup: s.?eventsResourceGroup ?? 'rg-access-auditor-events'
    systemTopicName: s.?systemTopicName ?? 'evgst-access-auditor-${s.subscriptionId}'
    location: location
    tags: tags
  }
}]

module deadLetterAccess 'modules/dead-letter-access.bicep' = {
  name: 'access-auditor-dead-letter-access'
  scope: group
  params: {
    storageAccountName: storage.outputs.name
    containerName: storage.outputs.deadLetterContainer
    topicPrincipalIds: [for (s, i) in auditedSubscriptions: audited[i].outputs.topicPrincipalId]
  }
}

module eventSubscriptions 'modules/event-subscription.bicep' = [for (s, i) in auditedSubscriptions: if (subscribeToEvents) {
  name: 'access-auditor-events-${s.subscriptionId}'
  scope: resourceGroup(s.subscriptionId, s.?eventsResourceGroup ?? 'rg-access-auditor-events')
  dependsOn: [
    audited
    deadLetterAccess
  ]
  params: {
    systemTopicName: s.?systemTopicName ?? 'evgst-access-auditor-${s.subscriptionId}'
    functionAppId: app.outputs.id
    deadLetterStorageId: storage.outputs.id
    deadLetterContainer: storage.outputs.deadLetterContainer
  }
}]

output resourceGroupName string = group.name
output functionAppName string = app.outputs.name
output functionAppHostName string = app.outputs.defaultHostName
output runtimePrincipalId string = app.outputs.runtimePrincipalId
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output auditorScopes string = auditorScopes
output alertTopicEndpoint string = createAlertTopic ? alertTopic.outputs.endpoint : ''
output graphPermissionsGranted bool = grantGraphPermissions
output signInClientId string = signIn ? signInApp.outputs.clientId : ''
output signInServicePrincipalId string = signIn ? signInApp.outputs.servicePrincipalId : ''

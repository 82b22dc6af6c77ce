// The Function App (Java 17 on Linux) under its managed identity, its app settings, and the roles that
// identity needs on the resources of this resource group: nothing here reaches the audited scopes.
import { builtInRoles } from 'roles.bicep'

param name string
param location string
param tags object = {}

@allowed([
  'FlexConsumption'
  'Premium'
  'Consumption'
])
param hostingPlan string = 'FlexConsumption'

@description('Resource id of a user-assigned identity the app runs as; empty: the system-assigned identity.')
param userAssignedIdentityId string = ''
param userAssignedClientId string = ''
param userAssignedPrincipalId string = ''

param storageAccountName string
param tableEndpoint string
@description('The account\'s queue endpoint: the sweep\'s queue triggers and the timer that feeds them.')
param queueEndpoint string
param packageContainerUrl string
param insightsName string
param insightsConnectionString string
param keyVaultName string
param alertWebhookSecretName string = ''
param alertTeamsSecretName string = ''
param alertSlackSecretName string = ''
param alertTopicName string = ''
param alertTopicEndpoint string = ''

param armEndpoint string
param graphEndpoint string
param auditorScopes string
@description('Resource groups where the app may list function apps\' settings, comma-separated ids; "none": nowhere.')
param appSettingsScopes string = 'none'
param sweepSchedule string
param baseline string
param alertMinSeverity string
param alertSuppression string
param alertDigest bool
param alertOnPimActivations bool
param quietCallers string
param logsWorkspaceId string
param logsEndpoint string

@description('Whether people sign in with Entra ID (modules/sign-in-settings.bicep) to use the HTTP functions.')
param signIn bool = true

var userAssigned = !empty(userAssignedIdentityId)
var flex = hostingPlan == 'FlexConsumption'

var planSkus = {
  FlexConsumption: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  Premium: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  Consumption: {
    name: 'Y1'
    tier: 'Dynamic'
  }
}

func keyVaultReference(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

// App settings. InfraConsistencyTest reads every variable whose name ends in "Settings" and holds the
// names against the settings the code reads (com.accessauditor.app.Settings) and the host's own.
var storageSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
}
var userAssignedSettings = userAssigned ? {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: userAssignedClientId
  AZURE_CLIENT_ID: userAssignedClientId
} : {}
var auditorSettings = {
  AUDITOR_ARM_ENDPOINT: armEndpoint
  AUDITOR_GRAPH_ENDPOINT: graphEndpoint
  AUDITOR_SCOPES: auditorScopes
  AUDITOR_APP_SETTINGS_SCOPES: appSettingsScopes
  AUDITOR_SWEEP_SCHEDULE: sweepSchedule
  AUDITOR_BASELINE: baseline
  AUDITOR_ALERT_MIN_SEVERITY: alertMinSeverity
  AUDITOR_ALERT_SUPPRESSION: alertSuppression
  AUDITOR_ALERT_DIGEST: string(alertDigest)
  AUDITOR_ALERT_ON_PIM_ACTIVATIONS: string(alertOnPimActivations)
  AUDITOR_QUIET_CALLERS: quietCallers
  AUDITOR_LOGS_WORKSPACE_ID: logsWorkspaceId
  AUDITOR_LOGS_ENDPOINT: logsEndpoint
  AUDITOR_HTTP_SIGN_IN: signIn ? 'entra' : 'keys'
  AUDITOR_HTTP_READER_ROLE: 'AccessAuditor.Reader'
}
var webhookSettings = empty(alertWebhookSecretName) ? {} : {
  AUDITOR_ALERT_WEBHOOK_URL: keyVaultReference(keyVaultName, alertWebhookSecretName)
}
var teamsSettings = empty(alertTeamsSecretName) ? {} : {
  AUDITOR_ALERT_TEAMS_URL: keyVaultReference(keyVaultName, alertTeamsSecretName)
}
var slackSettings = empty(alertSlackSecretName) ? {} : {
  AUDITOR_ALERT_SLACK_URL: keyVaultReference(keyVaultName, alertSlackSecretName)
}
var alertTopicSettings = empty(alertTopicEndpoint) ? {} : {
  AUDITOR_ALERT_EVENTGRID_ENDPOINT: alertTopicEndpoint
}
var insightsSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: userAssigned ? 'ClientId=${userAssignedClientId};Authorization=AAD' : 'Authorization=AAD'
}
// Flex Consumption takes the runtime from functionAppConfig and refuses these; the other plans need them.
var classicHostSettings = flex ? {} : {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'java'
  WEBSITE_RUN_FROM_PACKAGE: hostingPlan == 'Consumption' ? '${packageContainerUrl}/access-auditor.zip' : '1'
}
// Linux Consumption runs from a package URL; with shared keys off it is fetched with the identity.
var packageIdentitySettings = hostingPlan == 'Consumption' ? {
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: userAssigned ? userAssignedIdentityId : 'SystemAssigned'
} : {}
// host.json's 10 minutes is the most Consumption allows. A sweep run's final step joins every subscription one
// after another (0.3-0.4 s each on Azurite, bench/README.md), so where the plan allows it gets an hour.
var timeoutSettings = hostingPlan == 'Consumption' ? {} : {
  AzureFunctionsJobHost__functionTimeout: '01:00:00'
}

var appSettings = union(storageSettings, userAssignedSettings, auditorSettings, webhookSettings, teamsSettings, slackSettings, alertTopicSettings, insightsSettings, classicHostSettings, packageIdentitySettings, timeoutSettings)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: hostingPlan == 'Premium' ? 'elastic' : 'functionapp'
  sku: planSkus[hostingPlan]
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: userAssigned ? {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityId}': {}
    }
  } : {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: userAssigned ? userAssignedIdentityId : 'SystemAssigned'
    functionAppConfig: flex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: packageContainerUrl
          authentication: userAssigned ? {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: userAssignedIdentityId
          } : {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    } : null
    siteConfig: {
      appSettings: [for setting in items(appSettings): {
        name: setting.key
        value: setting.value
      }]
      linuxFxVersion: flex ? null : 'Java|17'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// No basic-auth publishing credentials: deployments authenticate with Entra ID.
resource noScmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource noFtpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The identity the app's code, host and Key Vault references use; with a user-assigned identity the
// system-assigned one stays on but is granted nothing.
var runtimePrincipalId = userAssigned ? userAssignedPrincipalId : app.identity.principalId
// Assignment names must be known before deployment: seeded with resource ids, not the principal id.
var runtimeSeed = userAssigned ? userAssignedIdentityId : app.id

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// On this account only. The host needs Blob Data Owner for its leases, keys and package; the auditor needs
// Table Data Contributor for its tables and Queue Data Contributor for the sweep's queues (the timer sends,
// the queue triggers receive, delete and move a failing message to its poison queue). Not Storage Account
// Contributor, which could turn shared keys back on: the app has no blob trigger.
var storageRoles = [
  'Storage Blob Data Owner'
  'Storage Table Data Contributor'
  'Storage Queue Data Contributor'
]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in storageRoles: {
  name: guid(storage.id, runtimeSeed, builtInRoles[role])
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
    principalId: runtimePrincipalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: Functions host and findings tables'
  }
}]

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource telemetryAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, runtimeSeed, builtInRoles['Monitoring Metrics Publisher'])
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles['Monitoring Metrics Publisher'])
    principalId: runtimePrincipalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: send telemetry with Entra ID (local auth is off)'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secretsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, runtimeSeed, builtInRoles['Key Vault Secrets User'])
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles['Key Vault Secrets User'])
    principalId: runtimePrincipalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: resolve the alert webhook URLs referenced from app settings'
  }
}

resource alertTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = if (!empty(alertTopicName)) {
  name: empty(alertTopicName) ? 'none' : alertTopicName
}

resource publishAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(alertTopicName)) {
  name: guid(resourceGroup().id, alertTopicName, runtimeSeed, builtInRoles['EventGrid Data Sender'])
  scope: alertTopic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles['EventGrid Data Sender'])
    principalId: runtimePrincipalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: publish alerts as CloudEvents'
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output runtimePrincipalId string = runtimePrincipalId
output systemAssignedPrincipalId string = app.identity.principalId
output runtimeSeed string = runtimeSeed

// What the auditor may do in one audited subscription: read (Reader), and list app settings (a custom
// role with that one action), nothing that writes. Also the subscription's Event Grid system topic
// (one per subscription is allowed; give the existing one's name and resource group if it has one).
targetScope = 'subscription'

import { builtInRoles } from 'roles.bicep'

@description('Object id of the identity the auditor runs as.')
param principalId string
@description('Grant the app-settings reader role (the sweep checks function apps\' identity settings).')
param readAppSettings bool = true
param eventsResourceGroup string
param systemTopicName string
param location string
param tags object = {}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, builtInRoles.Reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.Reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: read role assignments, role and deny definitions, apps and identities'
  }
}

// Reader cannot list app settings. Custom role names are unique per tenant, hence the subscription id.
resource appSettingsReaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (readAppSettings) {
  name: guid(subscription().id, 'access-auditor-app-settings-reader')
  properties: {
    roleName: 'Access Auditor App Settings Reader (${subscription().subscriptionId})'
    description: 'Lists function apps\' settings so Access Auditor can find identity settings that will cause 403s. Values are checked in memory, never stored.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Web/sites/read'
          'Microsoft.Web/sites/config/list/action'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

resource appSettingsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readAppSettings) {
  name: guid(subscription().id, principalId, 'access-auditor-app-settings-reader')
  properties: {
    roleDefinitionId: appSettingsReaderRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: list app settings (identity settings that cause 403s)'
  }
}

resource events 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: eventsResourceGroup
  location: location
  tags: tags
}

module topic 'system-topic.bicep' = {
  name: 'access-auditor-system-topic'
  scope: events
  params: {
    name: systemTopicName
    tags: tags
  }
}

output subscriptionId string = subscription().subscriptionId
output topicPrincipalId string = topic.outputs.principalId

// What the auditor may do in one audited subscription: read (Reader), nothing that writes or reveals a
// secret (listing app settings does: that is modules/app-settings-reader.bicep, per chosen resource group).
// Also the subscription's Event Grid system topic
// (one per subscription is allowed; give the existing one's name and resource group if it has one).
targetScope = 'subscription'

import { builtInRoles } from 'roles.bicep'

@description('Object id of the identity the auditor runs as.')
param principalId string
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

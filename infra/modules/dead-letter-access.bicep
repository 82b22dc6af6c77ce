// Lets each audited subscription's system topic write undeliverable events into the dead-letter
// container, and nowhere else in the account.
import { builtInRoles } from 'roles.bicep'

param storageAccountName string
param containerName string
@description('Object ids of the system topics\' identities.')
param topicPrincipalIds array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobs
  name: containerName
}

resource writeDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (principal, i) in topicPrincipalIds: {
  name: guid(container.id, string(i), principal)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles['Storage Blob Data Contributor'])
    principalId: principal
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: Event Grid dead-letters undeliverable events here'
  }
}]

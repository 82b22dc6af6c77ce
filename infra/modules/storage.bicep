// The app's own storage account: the Functions host (leases, keys, the deployment package), the auditor's
// tables, and the container Event Grid dead-letters undeliverable events into. Shared-key access is off, so
// no connection string or SAS can reach it: the app, the deployer and Event Grid all use Entra ID.

@description('Storage account name: 3-24 lower-case letters and digits, unique in Azure.')
param name string
param location string
param tags object = {}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource packages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'app-package'
  properties: {
    publicAccess: 'None'
  }
}

// Event Grid drops an event it cannot deliver for 24 hours unless it has somewhere to put it.
resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'event-deadletters'
  properties: {
    publicAccess: 'None'
  }
}

output id string = account.id
output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
output queueEndpoint string = account.properties.primaryEndpoints.queue
output packageContainerUrl string = '${account.properties.primaryEndpoints.blob}${packages.name}'
output deadLetterContainer string = deadLetters.name

// The subscription's Event Grid system topic for resource events, with a system-assigned identity so it
// can dead-letter into the auditor's storage account without a key.
targetScope = 'resourceGroup'

param name string
param tags object = {}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

output principalId string = topic.identity.principalId

// Optional Event Grid custom topic the auditor publishes alerts to as CloudEvents. Local (key)
// authentication is off: the app publishes with its identity (EventGrid Data Sender, granted in
// function-app.bicep), and subscribers are added by whoever consumes the alerts.

param name string
param location string
param tags object = {}

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint

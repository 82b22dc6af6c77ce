// Application Insights on a Log Analytics workspace, taking telemetry only with an Entra ID token
// (local authentication off): the app's identity gets Monitoring Metrics Publisher on it.

param name string
param location string
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output insightsName string = insights.name
// Not a secret: with local authentication off, ingestion also needs the app's Entra ID token.
output insightsConnectionString string = insights.properties.ConnectionString

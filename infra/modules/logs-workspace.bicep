// The Workspace ID (a GUID, what the query API takes) of an existing Log Analytics workspace.
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

output customerId string = workspace.properties.customerId

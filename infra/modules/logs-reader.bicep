// Lets the auditor query the Log Analytics workspace for a principal's recent 403s (403 diagnosis).
// Granted on that workspace only: the role's */read would read everything in a wider scope.
import { builtInRoles } from 'roles.bicep'

param workspaceName string
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource logsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, builtInRoles['Log Analytics Reader'])
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles['Log Analytics Reader'])
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: recent 403s for 403 diagnosis'
  }
}

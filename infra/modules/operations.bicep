// The ARM operations the auditor's event handler captures: exactly the operation names of
// com.accessauditor.events.ChangeKind (InfraConsistencyTest fails when the two differ). Event Grid
// compares them case-insensitively; at most 25 values fit one StringIn filter.

@export()
@description('data.operationName values the Event Grid subscription lets through.')
var capturedOperations = [
  'Microsoft.Authorization/roleAssignments/write'
  'Microsoft.Authorization/roleAssignments/delete'
  'Microsoft.Authorization/roleDefinitions/write'
  'Microsoft.Authorization/roleDefinitions/delete'
  'Microsoft.ManagedIdentity/userAssignedIdentities/write'
  'Microsoft.ManagedIdentity/userAssignedIdentities/delete'
  'Microsoft.Web/sites/write'
  'Microsoft.Web/sites/delete'
]

@export()
@description('The resource event types those operations arrive as (successful writes and deletes only).')
var capturedEventTypes = [
  'Microsoft.Resources.ResourceWriteSuccess'
  'Microsoft.Resources.ResourceDeleteSuccess'
]

// The Microsoft Graph application permission the auditor's identity needs, granted with the Bicep
// Microsoft Graph extension (the deployer needs Privileged Role Administrator, or the equivalent
// AppRoleAssignment.ReadWrite.All; without it, use ../grant-graph-permissions.sh).
//
// Directory.Read.All, read-only. It is the least privileged permission for directoryObjects/getByIds,
// which the sweep uses to resolve up to 1,000 principals per call; it also covers
// directory/deletedItems (soft-deleted service principals), servicePrincipals?$filter=appId,
// display-name and UPN look-ups, and getMemberGroups (transitive group membership for 403 diagnosis).
// Narrower permissions (User.Read.All, GroupMember.Read.All, Application.Read.All) cover the other calls
// but not getByIds.
extension microsoftGraphV1

@description('Object id of the service principal that receives the permission (the app\'s runtime identity).')
param principalId string

// Microsoft Graph application permissions (app roles) to grant; grant-graph-permissions.sh lists the same.
var appRoles = [
  'Directory.Read.All'
]

resource graph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource grants 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for role in appRoles: {
  appRoleId: filter(graph.appRoles, r => r.value == role)[0].id
  principalId: principalId
  resourceId: graph.id
}]

// Read access for the auditor at a management group: Reader, nothing that writes or reveals a secret (app
// settings are read only where modules/app-settings-reader.bicep grants it). Deploy once per group:
//   az deployment mg create --management-group-id <group> --location <region> \
//     --template-file infra/audit-management-group.bicep --parameters principalId=<runtimePrincipalId output>
// and list the group in main.bicep's auditedManagementGroups so the sweep covers it. Event Grid has no
// management-group topic: list the subscriptions whose changes should be captured in auditedSubscriptions.
targetScope = 'managementGroup'

import { builtInRoles } from 'modules/roles.bicep'

@description('Object id of the identity the auditor runs as (main.bicep\'s runtimePrincipalId output).')
param principalId string

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, builtInRoles.Reader)
  properties: {
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.Reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: read role assignments, role and deny definitions, apps and identities'
  }
}

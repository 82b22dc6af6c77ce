// Read access for the auditor at a management group: Reader, and the custom role that lists function apps'
// settings, assignable at this management group only. Nothing that writes. Deploy once per group:
//   az deployment mg create --management-group-id <group> --location <region> \
//     --template-file infra/audit-management-group.bicep --parameters principalId=<runtimePrincipalId output>
// and list the group in main.bicep's auditedManagementGroups so the sweep covers it. Event Grid has no
// management-group topic: list the subscriptions whose changes should be captured in auditedSubscriptions.
targetScope = 'managementGroup'

import { builtInRoles } from 'modules/roles.bicep'

@description('Object id of the identity the auditor runs as (main.bicep\'s runtimePrincipalId output).')
param principalId string

@description('Grant the custom role that lists function apps\' settings.')
param readAppSettings bool = true

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, builtInRoles.Reader)
  properties: {
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.Reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: read role assignments, role and deny definitions, apps and identities'
  }
}

resource appSettingsReaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (readAppSettings) {
  name: guid(managementGroup().id, 'access-auditor-app-settings-reader')
  properties: {
    roleName: 'Access Auditor App Settings Reader (${managementGroup().name})'
    description: 'Lists function apps\' settings so Access Auditor can find identity settings that will cause 403s. Values are checked in memory, never stored.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Web/sites/read'
          'Microsoft.Web/sites/config/list/action'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      managementGroup().id
    ]
  }
}

resource appSettingsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readAppSettings) {
  name: guid(managementGroup().id, principalId, 'access-auditor-app-settings-reader')
  properties: {
    roleDefinitionId: appSettingsReaderRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: list app settings (identity settings that cause 403s)'
  }
}

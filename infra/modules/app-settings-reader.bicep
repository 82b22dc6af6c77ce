// Opt-in, per resource group: lets the auditor list the function apps' settings here, for the check that
// AzureWebJobsStorage__clientId and AZURE_CLIENT_ID name an identity that is attached and holds the
// storage roles (IDENTITY_SETTINGS_MISMATCH, the 403s that follow a redeploy).
//
// What this grants is more than a read: Microsoft.Web/sites/config/list/action also lists connection
// strings, authentication secrets and publishing credentials of every app in the group. Whoever holds
// the auditor's identity could publish code to any of these apps that still allows basic-auth publishing,
// and run as its identity. Grant it only on resource groups whose apps you want checked and whose
// secrets the auditor's operators may see. Elsewhere the sweep reports "app settings not read" and raises
// or resolves no settings finding. Values are checked in memory and never stored or logged.
targetScope = 'resourceGroup'

@description('Object id of the identity the auditor runs as.')
param principalId string

// Custom role names are unique per tenant, hence the resource group id in the name.
resource appSettingsReaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'access-auditor-app-settings-reader')
  properties: {
    roleName: 'Access Auditor App Settings Reader (${uniqueString(resourceGroup().id)})'
    description: 'Lists function apps\' settings in ${resourceGroup().name} so Access Auditor can find identity settings that will cause 403s. Also reveals secrets in those settings: granted here only.'
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
      resourceGroup().id
    ]
  }
}

resource appSettingsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, 'access-auditor-app-settings-reader')
  properties: {
    roleDefinitionId: appSettingsReaderRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Access Auditor: list app settings in this resource group (identity settings that cause 403s)'
  }
}

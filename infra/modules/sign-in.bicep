// The app registration people sign in to, with the Bicep Microsoft Graph extension (bicepconfig.json;
// the deployer needs Application Administrator or Cloud Application Administrator in Entra ID).
// Its one app role, AccessAuditor.Reader, is what /api/diagnose, /api/findings and /api/who-can ask of a caller
// (AUDITOR_HTTP_READER_ROLE): they disclose who holds which role where. Assignment is required, so
// nobody without the role gets a token for the app at all. No client secret: App Service Authentication
// signs people in with an ID token (implicit grant of ID tokens only), and tools get an access token for
// the app with their own credentials. Give a person the role as infra/README.md ("Sign-in for people") says.
extension microsoftGraphV1

@description('Name of the app (unique in the tenant for this registration).')
param name string

@description('The function app\'s host name, for the sign-in redirect.')
param hostName string

var readerRole = 'AccessAuditor.Reader'

resource application 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: name
  displayName: 'Access Auditor (${name})'
  signInAudience: 'AzureADMyOrg'
  appRoles: [
    {
      id: guid(name, readerRole)
      allowedMemberTypes: [
        'User'
        'Application'
      ]
      value: readerRole
      displayName: 'Access Auditor reader'
      description: 'Read findings and diagnose 403s: who holds which role where.'
      isEnabled: true
    }
  ]
  web: {
    redirectUris: [
      'https://${hostName}/.auth/login/aad/callback'
    ]
    implicitGrantSettings: {
      enableIdTokenIssuance: true
      enableAccessTokenIssuance: false
    }
  }
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: application.appId
  appRoleAssignmentRequired: true
}

output clientId string = application.appId
output servicePrincipalId string = servicePrincipal.id
output readerRoleId string = guid(name, readerRole)

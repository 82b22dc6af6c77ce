// App Service Authentication in front of the function app: people sign in with Entra ID, the platform
// puts their claims in X-MS-CLIENT-PRINCIPAL (and strips that header from what callers send), and the
// HTTP functions check the AccessAuditor.Reader role in it. The Event Grid trigger's endpoint is left to
// its system key: Event Grid cannot sign in.
param siteName string

@description('Application (client) id of the sign-in app registration (modules/sign-in.bicep).')
param clientId string

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource authentication 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/runtime/webhooks/eventgrid'
        '/runtime/webhooks/EventGrid'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

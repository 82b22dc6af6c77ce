// Key Vault for the alert channels' webhook URLs (they carry tokens). The app settings hold Key Vault
// references, never the URLs; the app's identity reads them with Key Vault Secrets User (granted in
// function-app.bicep). Secrets are written only from @secure() parameters given on the command line.

param name string
param location string
param tags object = {}

@secure()
@description('Generic JSON webhook URL (https), or empty for none.')
param alertWebhookUrl string = ''
@secure()
@description('Teams workflow webhook URL (https), or empty for none.')
param alertTeamsUrl string = ''
@secure()
@description('Slack incoming webhook URL (https), or empty for none.')
param alertSlackUrl string = ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource webhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertWebhookUrl)) {
  parent: vault
  name: 'alert-webhook-url'
  properties: {
    value: alertWebhookUrl
    contentType: 'text/uri-list'
  }
}

resource teams 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertTeamsUrl)) {
  parent: vault
  name: 'alert-teams-url'
  properties: {
    value: alertTeamsUrl
    contentType: 'text/uri-list'
  }
}

resource slack 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertSlackUrl)) {
  parent: vault
  name: 'alert-slack-url'
  properties: {
    value: alertSlackUrl
    contentType: 'text/uri-list'
  }
}

output name string = vault.name
output webhookSecretName string = empty(alertWebhookUrl) ? '' : 'alert-webhook-url'
output teamsSecretName string = empty(alertTeamsUrl) ? '' : 'alert-teams-url'
output slackSecretName string = empty(alertSlackUrl) ? '' : 'alert-slack-url'

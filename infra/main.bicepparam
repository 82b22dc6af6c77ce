// Parameters for main.bicep. Webhook URLs are secrets: pass them on the command line
// (--parameters alertWebhookUrl=...), never here.
using 'main.bicep'

param name = 'access-auditor'
param hostingPlan = 'FlexConsumption'
param userAssignedIdentityName = ''

// The subscriptions to audit (the hosting subscription is audited only if listed).
param auditedSubscriptions = [
  {
    subscriptionId: '00000000-0000-0000-0000-000000000000'
  }
]
param auditedManagementGroups = []

// Resource groups where the sweep may list app settings (this also reveals their secrets): none by default.
param appSettingsResourceGroups = []
param signIn = true
// false on the first deployment; true once the app's code is published (Event Grid checks the function).
param subscribeToEvents = false
param grantGraphPermissions = true

param sweepSchedule = '0 0 */6 * * *'
param baseline = ''
param alertMinSeverity = 'high'
param alertSuppression = 'PT24H'
param alertDigest = false
param alertOnPimActivations = false
param quietCallers = ''
param createAlertTopic = false
param logsWorkspaceResourceId = ''

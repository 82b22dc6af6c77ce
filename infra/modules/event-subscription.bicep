// Sends the audited subscription's role-assignment, custom-role, identity and function-app changes to the
// app's Event Grid function: filtered to exactly the operations the handler supports, retried for 24
// hours, and dead-lettered (with the topic's own identity) instead of dropped.
import { capturedOperations, capturedEventTypes } from 'operations.bicep'

param systemTopicName string
@description('Resource id of the function app.')
param functionAppId string
@description('The Event Grid-triggered function: com.accessauditor.functions.EventCaptureFunction.')
param functionName string = 'captureResourceEvent'
param deadLetterStorageId string
param deadLetterContainer string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

// Event Grid authenticates to an Azure Function endpoint itself (no key in the template). Delivery with a
// managed identity is only for Event Hubs, Service Bus and Storage queue destinations, so the identity is
// used for dead-lettering only.
resource toAuditor 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'access-auditor'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/${functionName}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: capturedEventTypes
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: capturedOperations
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageId
          blobContainerName: deadLetterContainer
        }
      }
    }
  }
}

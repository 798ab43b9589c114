// Table Storage for state, Storage Queues for fan-out, Blob Storage for partner logos. Shared keys are disabled:
// the app reaches storage with its managed identity only (Storage Table/Queue/Blob Data Contributor, see rbac.bicep).
param name string
param location string
param tags object

@description('Tables created up front (the app may create more: its role allows it).')
param tableNames array = ['tutorbot']

@description('Queues created up front.')
param queueNames array = ['fanout']

@description('Blob containers created up front (private: no anonymous access).')
param containerNames array = ['logos']

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [for table in tableNames: {
      name: table
    }]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [for queue in queueNames: {
      name: queue
    }]
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource containers 'containers' = [for container in containerNames: {
      name: container
      properties: {
        publicAccess: 'None'
      }
    }]
  }
}

output name string = storage.name
output tableEndpoint string = storage.properties.primaryEndpoints.table
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output blobEndpoint string = storage.properties.primaryEndpoints.blob

// App Service plan (Linux) and the web app running bot/ (.NET 10), as the user-assigned identity.
// azd deploys the `bot` service to the site tagged azd-service-name: bot.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param identityTenantId string
param tableServiceUri string
param queueServiceUri string
param blobServiceUri string
param applicationInsightsConnectionString string

@description('App Service plan SKU; Basic or above (always on needs it).')
param skuName string = 'B1'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: { name: skuName }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'bot' })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      http20Enabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'ASPNETCORE_ENVIRONMENT', value: 'Production' }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'Storage__TableServiceUri', value: tableServiceUri }
        { name: 'Storage__QueueServiceUri', value: queueServiceUri }
        { name: 'Storage__BlobServiceUri', value: blobServiceUri }
        { name: 'Storage__ClientId', value: identityClientId }
        { name: 'Bot__AppId', value: identityClientId }
        { name: 'Bot__TenantId', value: identityTenantId }
        { name: 'Bot__Connector__Credential', value: 'UserAssignedMSI' }
        { name: 'Bot__Connector__ClientId', value: identityClientId }
        { name: 'Bot__Connector__TenantId', value: identityTenantId }
        { name: 'Calendar__Mode', value: 'Graph' }
        { name: 'Calendar__Credential', value: 'UserAssignedMSI' }
        { name: 'Calendar__ClientId', value: identityClientId }
        { name: 'Calendar__PublicBaseUrl', value: 'https://${appName}.azurewebsites.net' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'Telemetry__ClientId', value: identityClientId }
        { name: 'OTEL_SERVICE_NAME', value: 'tutorbot' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }

  // No FTP or basic-auth deployment credentials: azd deploys with an Entra ID token.
  resource ftp 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: { allow: false }
  }

  resource scm 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: { allow: false }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName

// The one identity of the service: the App Service runs as it, the Azure Bot uses it as its app id
// (msaAppType UserAssignedMSI), and it holds the storage data roles (rbac.bicep). No client secret exists.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId

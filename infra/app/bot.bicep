// The Azure Bot registration: its app id is the managed identity (UserAssignedMSI, no secret), its messaging
// endpoint the web app's /api/messages, with the Microsoft Teams channel.
param name string
param tags object
param endpoint string
param identityId string
param identityClientId string
param identityTenantId string

@description('Display name users see in the Bot resource.')
param displayName string = 'TutorBot'

@allowed(['F0', 'S1'])
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityId
    msaAppTenantId: identityTenantId
  }

  resource teams 'channels' = {
    name: 'MsTeamsChannel'
    location: 'global'
    properties: {
      channelName: 'MsTeamsChannel'
      properties: {
        isEnabled: true
      }
    }
  }
}

output name string = bot.name

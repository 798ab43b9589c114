// What the people who run TutorBot look at: a workbook of the app's own OpenTelemetry measures (card clicks, the
// outbox, connector and Graph answers, the rate limiter) and alert rules for a growing outbox backlog, a rate of
// `never` outcomes and a rate of 5xx answers. All read the Log Analytics workspace behind Application Insights,
// where the Azure Monitor exporter writes metrics to AppMetrics and requests to AppRequests. The metric names are
// those of bot/Hosting/Telemetry.cs.
param workspaceName string
@description('Application Insights component; names the alert rules.')
param applicationInsightsName string
param location string
param tags object

@description('Principal of the app\'s managed identity: it publishes telemetry keylessly (Entra ID) to Application Insights.')
param principalId string

@description('Outbox rows waiting past which the backlog alert fires.')
param backlogThreshold int = 5000

@description('Share of outbox rows ending `never` (0–1) over 15 minutes past which the alert fires.')
param neverRateThreshold string = '0.05'

@description('Share of HTTP answers that are 5xx (0–1) over 15 minutes past which the alert fires.')
param serverErrorRateThreshold string = '0.02'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Monitoring Metrics Publisher: what the Azure Monitor exporter needs when it signs in with the managed identity.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
  }
}

var backlogQuery = 'AppMetrics | where Name == "tutorbot.outbox.backlog" | summarize value = max(Max) by bin(TimeGenerated, 5m)'
var neverRateQuery = 'AppMetrics | where Name == "tutorbot.outbox.rows" | extend outcome = tostring(Properties["outcome"]) | summarize never = sumif(Sum, outcome == "never"), all = sum(Sum) | extend value = iff(all == 0, 0.0, never / all) | where value > ${neverRateThreshold}'
var serverErrorQuery = 'AppRequests | summarize failed = countif(toint(ResultCode) >= 500), all = count() | extend value = iff(all == 0, 0.0, todouble(failed) / all) | where value > ${serverErrorRateThreshold}'

var alerts = [
  {
    name: 'outbox-backlog'
    displayName: 'TutorBot: the outbox backlog keeps growing'
    severity: 2
    query: '${backlogQuery} | where value > ${backlogThreshold}'
  }
  {
    name: 'outbox-never-rate'
    displayName: 'TutorBot: too many outbox rows end `never`'
    severity: 2
    query: neverRateQuery
  }
  {
    name: 'http-5xx-rate'
    displayName: 'TutorBot: too many 5xx answers'
    severity: 1
    query: serverErrorQuery
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in alerts: {
  name: '${applicationInsightsName}-${alert.name}'
  location: location
  tags: tags
  properties: {
    displayName: alert.displayName
    severity: alert.severity
    enabled: true
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    scopes: [workspace.id]
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
  }
}]

var chart = 'timechart'
var workbook = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      content: { json: '# TutorBot\nCard clicks, the outbox, connector and Graph answers and the rate limiter, from the app\'s OpenTelemetry metrics. No person appears here: every dimension is a verb, a kind, an outcome or a status.' }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Card clicks by verb and outcome'
        query: 'AppMetrics | where Name == "tutorbot.card.clicks" | extend verb = tostring(Properties["verb"]), outcome = tostring(Properties["outcome"]) | summarize clicks = sum(Sum) by bin(TimeGenerated, 5m), strcat(verb, " ", outcome)'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Card click latency (ms, p95) by verb'
        query: 'AppMetrics | where Name == "tutorbot.card.click.duration" | extend verb = tostring(Properties["verb"]) | summarize p95 = max(Max) by bin(TimeGenerated, 5m), verb'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Outbox rows by kind and outcome (sent, later, never, uncertain)'
        query: 'AppMetrics | where Name == "tutorbot.outbox.rows" | extend kind = tostring(Properties["kind"]), outcome = tostring(Properties["outcome"]) | summarize rows = sum(Sum) by bin(TimeGenerated, 5m), strcat(kind, " ", outcome)'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Outbox backlog and the age of rows when sent (s)'
        query: 'AppMetrics | where Name in ("tutorbot.outbox.backlog", "tutorbot.outbox.age") | summarize value = max(Max) by bin(TimeGenerated, 5m), Name'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Connector and Graph answers by status (429s show here)'
        query: 'AppMetrics | where Name in ("tutorbot.connector.responses", "tutorbot.graph.responses") | extend status = tostring(Properties["status"]) | summarize answers = sum(Sum) by bin(TimeGenerated, 5m), strcat(Name, " ", status)'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Rate limiter wait (ms, max) and sign-ups, promotions, reminders answered'
        query: 'AppMetrics | where Name in ("tutorbot.limiter.wait", "tutorbot.workshops.signups", "tutorbot.workshops.promotions", "tutorbot.reminders.answered") | summarize value = sum(Sum) by bin(TimeGenerated, 5m), Name'
        visualization: chart
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
      }
    }
  ]
  fallbackResourceIds: [workspace.id]
}

resource dashboard 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'tutorbot-workbook')
  location: location
  tags: union(tags, { 'hidden-title': 'TutorBot' })
  kind: 'shared'
  properties: {
    displayName: 'TutorBot'
    category: 'workbook'
    sourceId: workspace.id
    serializedData: string(workbook)
  }
}

output workbookId string = dashboard.id
output alertRuleNames array = [for (alert, i) in alerts: rules[i].name]

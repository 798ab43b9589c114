#!/usr/bin/env node
// Checks the ARM JSON that `bicep build infra/main.bicep` produces (modules are inlined as nested deployments)
// for the properties issue 4 requires, plus infra/main.parameters.json and azure.yaml. Dependency-free.
//
//   node check-arm.mjs <main.json>               one line per check (PASS/FAIL), exit 1 if any fails
//   node check-arm.mjs --self-test <main.json>   proves the checker can fail: each mutation of main.json must
//                                                make the named check fail
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROLE = {
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
};
const SECRETISH = /(key|secret|password|passwd|pwd|sas|token)/i;
const REQUIRED_SETTINGS = [
  'Storage__TableServiceUri', 'Storage__QueueServiceUri', 'Storage__BlobServiceUri', 'Storage__ClientId', 'Bot__AppId', 'Bot__TenantId',
  'Bot__Connector__Credential', 'Bot__Connector__ClientId', 'Calendar__Mode', 'Calendar__ClientId', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'Telemetry__ClientId', 'ASPNETCORE_ENVIRONMENT',
];

// Every resource in the template tree, with the template that declares it and the module deployment around it.
function resources(template, deployment = null, out = []) {
  const list = Array.isArray(template.resources) ? template.resources : Object.values(template.resources ?? {});
  for (const resource of list) {
    out.push({ resource, template, deployment });
    if (resource.type === 'Microsoft.Resources/deployments' && resource.properties?.template) {
      resources(resource.properties.template, resource, out);
    }
  }
  return out;
}

function templates(template, out = []) {
  out.push(template);
  for (const { resource } of resources(template)) {
    if (resource.type === 'Microsoft.Resources/deployments' && resource.properties?.template) out.push(resource.properties.template);
  }
  return out;
}

// `[parameters('p')]` (or `[format('{0}', parameters('p'))]`) inside a module → the module output it is fed from
// in the parent template: { module, output }, or null when it is anything else.
function traceToModuleOutput(expr, deployment) {
  const m = /^\[(?:format\('\{0\}', )?parameters\('([^']+)'\)\)?\]$/.exec(expr ?? '');
  if (!m || !deployment) return null;
  const value = deployment.properties.parameters?.[m[1]]?.value;
  const r = /'Microsoft\.Resources\/deployments', '([^']+)'\), '[^']+'\)\.outputs\.(\w+)\.value\]$/.exec(value ?? '');
  return r ? { module: r[1], output: r[2] } : null;
}

// `variables('v').k` or a literal → the value, for the role definition ids.
function resolveVariable(expr, template) {
  const m = /variables\('([^']+)'\)\.(\w+)/.exec(expr ?? '');
  return m ? template.variables?.[m[1]]?.[m[2]] : expr;
}

export function check(main, parameters, azureYaml) {
  const results = [];
  const expect = (name, ok, detail = '') => results.push({ name, ok: Boolean(ok), detail: ok ? '' : detail });
  const all = resources(main);
  const ofType = (type) => all.filter((r) => r.resource.type.toLowerCase() === type.toLowerCase());
  const moduleNamed = (name) => all.find((r) => r.resource.type === 'Microsoft.Resources/deployments' && r.resource.name === name)?.resource;
  const feeds = (expr, deployment, module, output) => {
    const t = traceToModuleOutput(expr, deployment);
    return t?.module === module && t?.output === output;
  };

  // main.bicep: subscription scope, azd conventions.
  expect('main: subscription-scope deployment', /subscriptionDeploymentTemplate\.json/.test(main.$schema), main.$schema);
  expect('main: parameters are environmentName and location', JSON.stringify(Object.keys(main.parameters ?? {}).sort()) === '["environmentName","location"]',
    Object.keys(main.parameters ?? {}).join(', '));
  expect('main: resourceToken from uniqueString(subscription, environment, location)',
    /uniqueString\(subscription\(\)\.id, parameters\('environmentName'\), parameters\('location'\)\)/.test(main.variables?.resourceToken ?? ''), main.variables?.resourceToken);
  const rg = ofType('Microsoft.Resources/resourceGroups');
  expect('main: one resource group tagged azd-env-name', rg.length === 1 && rg[0].resource.tags === "[variables('tags')]" &&
    main.variables?.tags?.['azd-env-name'] === "[parameters('environmentName')]", JSON.stringify(rg.map((r) => r.resource.tags)));
  const outputs = Object.keys(main.outputs ?? {});
  expect('main: outputs are UPPER_SNAKE and include AZURE_LOCATION, BOT_ID, BOT_DOMAIN',
    outputs.every((o) => /^[A-Z][A-Z0-9_]*$/.test(o)) && ['AZURE_LOCATION', 'BOT_ID', 'BOT_DOMAIN'].every((o) => outputs.includes(o)), outputs.join(', '));
  expect('main: BOT_ID is the identity client id, BOT_DOMAIN the web app host',
    /'identity'\), '[^']+'\)\.outputs\.clientId\.value\]$/.test(main.outputs?.BOT_ID?.value ?? '') &&
    /'web'\), '[^']+'\)\.outputs\.defaultHostName\.value\]$/.test(main.outputs?.BOT_DOMAIN?.value ?? ''),
  JSON.stringify([main.outputs?.BOT_ID?.value, main.outputs?.BOT_DOMAIN?.value]));

  // main.parameters.json: azd substitutes the environment's name and location.
  const p = parameters?.parameters ?? {};
  expect('main.parameters.json: ${AZURE_ENV_NAME} and ${AZURE_LOCATION}, same names as main.bicep',
    p.environmentName?.value === '${AZURE_ENV_NAME}' && p.location?.value === '${AZURE_LOCATION}' &&
    JSON.stringify(Object.keys(p).sort()) === JSON.stringify(Object.keys(main.parameters ?? {}).sort()), JSON.stringify(p));

  // The managed identity and what it outputs.
  const identities = ofType('Microsoft.ManagedIdentity/userAssignedIdentities');
  const identityModule = moduleNamed('identity');
  const io = identityModule?.properties?.template?.outputs ?? {};
  expect('identity: exactly one user-assigned managed identity (module "identity")', identities.length === 1 && identities[0].deployment === identityModule &&
    /Microsoft\.ManagedIdentity\/userAssignedIdentities/.test(io.id?.value ?? '') && /\.clientId\]$/.test(io.clientId?.value ?? '') &&
    /\.principalId\]$/.test(io.principalId?.value ?? '') && /\.tenantId\]$/.test(io.tenantId?.value ?? ''), `${identities.length} identities`);

  // App Service plan and site.
  const plans = ofType('Microsoft.Web/serverfarms');
  expect('web: Linux App Service plan', plans.length === 1 && plans[0].resource.properties?.reserved === true && /linux/.test(plans[0].resource.kind ?? ''),
    JSON.stringify(plans.map((x) => [x.resource.kind, x.resource.properties])));
  const sites = ofType('Microsoft.Web/sites');
  const site = sites[0]?.resource ?? {};
  const cfg = site.properties?.siteConfig ?? {};
  expect('web: one web app', sites.length === 1, `${sites.length} sites`);
  expect('web: HTTPS only', site.properties?.httpsOnly === true, `httpsOnly=${site.properties?.httpsOnly}`);
  expect('web: minimum TLS 1.2 (site and SCM)', cfg.minTlsVersion === '1.2' && cfg.scmMinTlsVersion === '1.2', `${cfg.minTlsVersion}/${cfg.scmMinTlsVersion}`);
  expect('web: Linux .NET 10 (DOTNETCORE|10.0)', cfg.linuxFxVersion === 'DOTNETCORE|10.0' && /linux/.test(site.kind ?? ''), cfg.linuxFxVersion);
  expect('web: always on', cfg.alwaysOn === true, `alwaysOn=${cfg.alwaysOn}`);
  expect('web: health check path /readyz or /healthz', ['/readyz', '/healthz'].includes(cfg.healthCheckPath), cfg.healthCheckPath);
  expect('web: FTPS disabled', cfg.ftpsState === 'Disabled', cfg.ftpsState);
  expect('web: tagged azd-service-name bot', /createObject\('azd-service-name', 'bot'\)/.test(site.tags ?? '') || site.tags?.['azd-service-name'] === 'bot', JSON.stringify(site.tags));
  const uai = Object.keys(site.identity?.userAssignedIdentities ?? {});
  expect('web: runs as the user-assigned identity', site.identity?.type === 'UserAssigned' && uai.length === 1 && feeds(uai[0], sites[0]?.deployment, 'identity', 'id'),
    JSON.stringify(site.identity));
  const settings = Object.fromEntries((cfg.appSettings ?? []).map((s) => [s.name, s.value]));
  const missing = REQUIRED_SETTINGS.filter((n) => !(n in settings));
  expect('web: app settings for storage, bot, telemetry', missing.length === 0, `missing ${missing.join(', ')}`);
  const dep = sites[0]?.deployment;
  expect('web: connector and Graph through the managed identity, ids from the identity, production environment',
    settings.Bot__Connector__Credential === 'UserAssignedMSI' && settings.Calendar__Mode === 'Graph' && settings.ASPNETCORE_ENVIRONMENT === 'Production' &&
    feeds(settings.Bot__Connector__ClientId, dep, 'identity', 'clientId') && feeds(settings.Calendar__ClientId, dep, 'identity', 'clientId') &&
    feeds(settings.Bot__AppId, dep, 'identity', 'clientId') && feeds(settings.Storage__ClientId, dep, 'identity', 'clientId') &&
    feeds(settings.Telemetry__ClientId, dep, 'identity', 'clientId') &&
    feeds(settings.Bot__TenantId, dep, 'identity', 'tenantId'), JSON.stringify(settings));
  expect('web: storage endpoints and Application Insights wired from their modules',
    feeds(settings.Storage__TableServiceUri, dep, 'storage', 'tableEndpoint') && feeds(settings.Storage__QueueServiceUri, dep, 'storage', 'queueEndpoint') &&
    feeds(settings.Storage__BlobServiceUri, dep, 'storage', 'blobEndpoint') &&
    feeds(settings.APPLICATIONINSIGHTS_CONNECTION_STRING, dep, 'monitoring', 'applicationInsightsConnectionString'), JSON.stringify(settings));
  const policies = ofType('Microsoft.Web/sites/basicPublishingCredentialsPolicies').map((x) => x.resource);
  expect('web: no basic-auth publishing credentials (ftp, scm)', ['ftp', 'scm'].every((n) =>
    policies.some((x) => x.name.includes(`'${n}'`) && x.properties?.allow === false)), JSON.stringify(policies.map((x) => [x.name, x.properties])));

  // Storage.
  const accounts = ofType('Microsoft.Storage/storageAccounts').filter((x) => !x.resource.existing);
  const sa = accounts[0]?.resource ?? {};
  expect('storage: one StorageV2 account', accounts.length === 1 && sa.kind === 'StorageV2', `${accounts.length} accounts, kind ${sa.kind}`);
  expect('storage: shared key access disabled', sa.properties?.allowSharedKeyAccess === false, `allowSharedKeyAccess=${sa.properties?.allowSharedKeyAccess}`);
  expect('storage: minimum TLS 1.2, HTTPS only', sa.properties?.minimumTlsVersion === 'TLS1_2' && sa.properties?.supportsHttpsTrafficOnly === true,
    `${sa.properties?.minimumTlsVersion}, https=${sa.properties?.supportsHttpsTrafficOnly}`);
  expect('storage: no public blob access', sa.properties?.allowBlobPublicAccess === false, `${sa.properties?.allowBlobPublicAccess}`);
  expect('storage: tables and queues', ofType('Microsoft.Storage/storageAccounts/tableServices/tables').length > 0 &&
    ofType('Microsoft.Storage/storageAccounts/queueServices/queues').length > 0, 'no table or no queue');
  const containers = ofType('Microsoft.Storage/storageAccounts/blobServices/containers').map((x) => x.resource);
  expect('storage: private blob containers (logos)', containers.length > 0 && containers.every((c) => c.properties?.publicAccess === 'None'),
    JSON.stringify(containers.map((c) => [c.name, c.properties])));

  // Role assignments.
  const assignments = ofType('Microsoft.Authorization/roleAssignments');
  for (const [role, id] of Object.entries(ROLE)) {
    const a = assignments.find((x) => String(resolveVariable(x.resource.properties?.roleDefinitionId, x.template)).includes(id));
    expect(`rbac: ${role} for the identity, named guid(scope, principal, role)`, a &&
      a.resource.properties.principalType === 'ServicePrincipal' && feeds(a.resource.properties.principalId, a.deployment, 'identity', 'principalId') &&
      /^\[guid\(resourceId\('Microsoft\.Storage\/storageAccounts', parameters\('\w+'\)\), parameters\('principalId'\), /.test(a.resource.name) &&
      /Microsoft\.Storage\/storageAccounts/.test(a.resource.scope ?? ''), a ? JSON.stringify(a.resource) : 'missing');
  }

  const publisher = assignments.find((x) => String(resolveVariable(x.resource.properties?.roleDefinitionId, x.template)).includes('3913510d-42f4-4e42-8a64-420c390055eb') ||
    /3913510d-42f4-4e42-8a64-420c390055eb/.test(JSON.stringify(x.template.variables ?? {})) && /monitoringMetricsPublisher/.test(x.resource.properties?.roleDefinitionId ?? ''));
  expect('rbac: Monitoring Metrics Publisher on Application Insights for the identity (keyless telemetry)', publisher &&
    feeds(publisher.resource.properties.principalId, publisher.deployment, 'identity', 'principalId') && /Microsoft\.Insights\/components/.test(publisher.resource.scope ?? ''),
  publisher ? JSON.stringify(publisher.resource) : 'missing');

  // Azure Bot.
  const bots = ofType('Microsoft.BotService/botServices');
  const bot = bots[0]?.resource ?? {};
  const bp = bot.properties ?? {};
  expect('bot: one Azure Bot (azurebot, global)', bots.length === 1 && bot.kind === 'azurebot' && bot.location === 'global', `${bots.length} bots`);
  expect('bot: msaAppType UserAssignedMSI with the identity', bp.msaAppType === 'UserAssignedMSI' &&
    feeds(bp.msaAppId, bots[0]?.deployment, 'identity', 'clientId') && feeds(bp.msaAppMSIResourceId, bots[0]?.deployment, 'identity', 'id') &&
    feeds(bp.msaAppTenantId, bots[0]?.deployment, 'identity', 'tenantId'), JSON.stringify(bp));
  const endpoint = bots[0]?.deployment?.properties?.parameters?.endpoint?.value ?? '';
  expect('bot: endpoint https://<web app host>/api/messages', bp.endpoint === "[parameters('endpoint')]" &&
    /^\[format\('https:\/\/\{0\}\/api\/messages', reference\(.*'web'\), '[^']+'\)\.outputs\.defaultHostName\.value\)\]$/.test(endpoint), endpoint);
  const channels = ofType('Microsoft.BotService/botServices/channels').map((x) => x.resource);
  expect('bot: Microsoft Teams channel enabled', channels.some((c) => c.properties?.channelName === 'MsTeamsChannel' && c.properties?.properties?.isEnabled === true),
    JSON.stringify(channels));

  // Monitoring.
  const workspaces = ofType('Microsoft.OperationalInsights/workspaces');
  const components = ofType('Microsoft.Insights/components');
  expect('monitoring: Log Analytics + Application Insights (web) on that workspace', workspaces.length === 1 && components.length === 1 &&
    components[0].resource.kind === 'web' && /Microsoft\.OperationalInsights\/workspaces/.test(components[0].resource.properties?.WorkspaceResourceId ?? ''),
  `${workspaces.length} workspaces, ${components.length} components`);

  // Observability: a workbook of the app's metrics and alert rules, all reading the workspace behind Application Insights.
  const workbooks = ofType('Microsoft.Insights/workbooks');
  const wb = workbooks[0];
  const wbData = JSON.stringify(wb?.template?.variables?.workbook ?? {});
  const METRICS = ['tutorbot.card.clicks', 'tutorbot.card.click.duration', 'tutorbot.outbox.rows', 'tutorbot.outbox.backlog', 'tutorbot.outbox.age',
    'tutorbot.connector.responses', 'tutorbot.graph.responses', 'tutorbot.limiter.wait'];
  expect('observability: a shared workbook on the workspace charting the app\'s metrics', workbooks.length === 1 && wb.resource.kind === 'shared' &&
    /Microsoft\.OperationalInsights\/workspaces/.test(wb.resource.properties?.sourceId ?? '') && /string\(variables\('workbook'\)\)/.test(wb.resource.properties?.serializedData ?? '') &&
    METRICS.every((m) => wbData.includes(m)), `missing ${METRICS.filter((m) => !wbData.includes(m)).join(', ')}`);
  const rules = ofType('Microsoft.Insights/scheduledQueryRules');
  const ruleTemplate = rules[0]?.template;
  const queries = JSON.stringify(ruleTemplate?.variables ?? {});
  const alertList = ruleTemplate?.variables?.alerts ?? [];
  expect('observability: enabled alert rules on the workspace for the outbox backlog, `never` outcomes and 5xx', rules.length === 1 &&
    rules[0].resource.copy?.count === "[length(variables('alerts'))]" && alertList.length === 3 && rules[0].resource.properties?.enabled === true &&
    /Microsoft\.OperationalInsights\/workspaces/.test(rules[0].resource.properties?.scopes?.[0] ?? '') &&
    queries.includes('tutorbot.outbox.backlog') && /outcome == \\"never\\"/.test(queries) && queries.includes('ResultCode) >= 500'),
  `${rules.length} rules, ${alertList.length} alerts`);

  // No secret anywhere.
  const problems = [];
  for (const t of templates(main)) {
    for (const [name, def] of Object.entries(t.parameters ?? {})) {
      if (/^secure/i.test(def.type ?? '')) problems.push(`secure parameter ${name}`);
      if (SECRETISH.test(name)) problems.push(`parameter ${name}`);
    }
    for (const name of Object.keys(t.outputs ?? {})) if (SECRETISH.test(name)) problems.push(`output ${name}`);
  }
  const text = JSON.stringify(main);
  for (const m of text.matchAll(/\blist\w*\(/g)) problems.push(`uses ${m[0]}`);
  if (/AccountKey=|SharedAccessSignature=/i.test(text)) problems.push('a key or SAS in a connection string');
  for (const [name, value] of Object.entries(settings)) {
    if (SECRETISH.test(name) || (!String(value).startsWith('[') && SECRETISH.test(String(value)))) problems.push(`app setting ${name}`);
  }
  expect('no secret: no secure or secret-like parameter/output, no list*() call, no key in settings', problems.length === 0, problems.join('; '));

  // azure.yaml (a few lines of plain `key: value` YAML, read with a tiny parser: no YAML library needed).
  const y = simpleYaml(azureYaml ?? '');
  const svc = y.services?.bot ?? {};
  expect('azure.yaml: name tutorbot, service bot (./bot, dotnet, appservice), bicep infra',
    y.name === 'tutorbot' && svc.project === './bot' && ['dotnet', 'csharp'].includes(svc.language) && svc.host === 'appservice' &&
    (y.infra?.provider ?? 'bicep') === 'bicep' && (y.infra?.path ?? 'infra') === 'infra' && (y.infra?.module ?? 'main') === 'main', JSON.stringify(y));
  expect('azure.yaml: the bot project exists', existsSync(join(repo, 'bot')) && existsSync(join(repo, 'bot', 'TutorBot.Bot.csproj')), 'bot/TutorBot.Bot.csproj');
  return results;
}

// Each mutation breaks one requirement; the named check must then fail.
const MUTATIONS = [
  ['web: HTTPS only', 'site httpsOnly false', (t) => { find(t, 'Microsoft.Web/sites').properties.httpsOnly = false; }],
  ['web: minimum TLS 1.2 (site and SCM)', 'site minTlsVersion 1.0', (t) => { find(t, 'Microsoft.Web/sites').properties.siteConfig.minTlsVersion = '1.0'; }],
  ['web: always on', 'alwaysOn false', (t) => { find(t, 'Microsoft.Web/sites').properties.siteConfig.alwaysOn = false; }],
  ['web: runs as the user-assigned identity', 'system-assigned identity', (t) => { find(t, 'Microsoft.Web/sites').identity = { type: 'SystemAssigned' }; }],
  ['storage: shared key access disabled', 'allowSharedKeyAccess true', (t) => { find(t, 'Microsoft.Storage/storageAccounts').properties.allowSharedKeyAccess = true; }],
  ['storage: minimum TLS 1.2, HTTPS only', 'storage TLS1_0', (t) => { find(t, 'Microsoft.Storage/storageAccounts').properties.minimumTlsVersion = 'TLS1_0'; }],
  ['bot: msaAppType UserAssignedMSI with the identity', 'bot MultiTenant', (t) => { find(t, 'Microsoft.BotService/botServices').properties.msaAppType = 'MultiTenant'; }],
  ['rbac: Storage Queue Data Contributor for the identity, named guid(scope, principal, role)', 'queue role removed', (t) => {
    const rbac = t.resources.find((r) => r.name === 'rbac').properties.template;
    rbac.resources = rbac.resources.filter((r) => !/storageQueueDataContributor/.test(r.properties?.roleDefinitionId ?? ''));
  }],
  ['rbac: Storage Blob Data Contributor for the identity, named guid(scope, principal, role)', 'blob role removed', (t) => {
    const rbac = t.resources.find((r) => r.name === 'rbac').properties.template;
    rbac.resources = rbac.resources.filter((r) => !/storageBlobDataContributor/.test(r.properties?.roleDefinitionId ?? ''));
  }],
  ['storage: private blob containers (logos)', 'a public container', (t) => {
    find(t, 'Microsoft.Storage/storageAccounts/blobServices/containers').properties.publicAccess = 'Blob';
  }],
  ['no secret: no secure or secret-like parameter/output, no list*() call, no key in settings', 'a securestring parameter', (t) => {
    t.resources.find((r) => r.name === 'bot').properties.template.parameters.appPassword = { type: 'securestring' };
  }],
  ['no secret: no secure or secret-like parameter/output, no list*() call, no key in settings', 'storage keys listed', (t) => {
    find(t, 'Microsoft.Web/sites').properties.siteConfig.appSettings.push({ name: 'Storage__Connection', value: "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2024-01-01').keys[0].value]" });
  }],
  ['observability: enabled alert rules on the workspace for the outbox backlog, `never` outcomes and 5xx', 'alerts disabled', (t) => {
    find(t, 'Microsoft.Insights/scheduledQueryRules').properties.enabled = false;
  }],
  ['observability: a shared workbook on the workspace charting the app\'s metrics', 'workbook without the outbox chart', (t) => {
    const obs = t.resources.find((r) => r.name === 'observability').properties.template;
    obs.variables.workbook.items = obs.variables.workbook.items.filter((i) => !JSON.stringify(i).includes('tutorbot.outbox.rows'));
  }],
  ['rbac: Monitoring Metrics Publisher on Application Insights for the identity (keyless telemetry)', 'metrics publisher role removed', (t) => {
    const obs = t.resources.find((r) => r.name === 'observability').properties.template;
    obs.resources = obs.resources.filter((r) => r.type !== 'Microsoft.Authorization/roleAssignments');
  }],
  ['azure.yaml: name tutorbot, service bot (./bot, dotnet, appservice), bicep infra', 'azure.yaml host containerapp', (_, inputs) => {
    inputs.azureYaml = inputs.azureYaml.replace('host: appservice', 'host: containerapp');
  }],
  ['main.parameters.json: ${AZURE_ENV_NAME} and ${AZURE_LOCATION}, same names as main.bicep', 'hard-coded location', (_, inputs) => {
    inputs.parameters.parameters.location.value = 'westeurope';
  }],
];

// Nested `key: value` maps by indentation; comments and blank lines ignored (enough for azure.yaml).
function simpleYaml(text) {
  const root = {};
  const stack = [{ indent: -1, node: root }];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$|^\s*#.*$/, '');
    const m = /^(\s*)([^:\s][^:]*):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const indent = m[1].length;
    while (stack.at(-1).indent >= indent) stack.pop();
    const parent = stack.at(-1).node;
    if (m[3] === '') {
      parent[m[2]] = {};
      stack.push({ indent, node: parent[m[2]] });
    } else {
      parent[m[2]] = m[3].replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return root;
}

function find(template, type) {
  return resources(template).find((r) => r.resource.type === type && !r.resource.existing).resource;
}

function load(mainPath) {
  const infra = join(repo, 'infra');
  return [
    JSON.parse(readFileSync(mainPath, 'utf8')),
    JSON.parse(readFileSync(join(infra, 'main.parameters.json'), 'utf8')),
    readFileSync(join(repo, 'azure.yaml'), 'utf8'),
  ];
}

function main(argv) {
  const selfTest = argv[0] === '--self-test';
  const mainPath = selfTest ? argv[1] : argv[0];
  if (!mainPath) {
    console.error('usage: node check-arm.mjs [--self-test] <compiled main.json>');
    return 2;
  }
  const [template, parameters, azureYaml] = load(mainPath);
  let failed = 0;
  if (!selfTest) {
    for (const r of check(template, parameters, azureYaml)) {
      console.log(r.ok ? `PASS ${r.name}` : `FAIL ${r.name}: ${r.detail}`);
      if (!r.ok) failed++;
    }
    return failed ? 1 : 0;
  }
  const baseline = check(template, parameters, azureYaml).filter((r) => !r.ok);
  if (baseline.length) {
    console.log(`FAIL self-test: the unmutated template already fails ${baseline.map((r) => r.name).join('; ')}`);
    return 1;
  }
  for (const [name, what, mutate] of MUTATIONS) {
    const inputs = structuredClone({ template, parameters, azureYaml });
    mutate(inputs.template, inputs);
    const result = check(inputs.template, inputs.parameters, inputs.azureYaml).find((r) => r.name === name);
    const ok = result && !result.ok;
    console.log(ok ? `PASS self-test: ${what} is rejected by "${name}"` : `FAIL self-test: ${what} was NOT rejected by "${name}"`);
    if (!ok) failed++;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));

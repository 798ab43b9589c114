// Echo bot on the Microsoft 365 Agents SDK for JavaScript (@microsoft/agents-hosting, botbuilder's successor):
// the baseline of bench TurnsBench, WITH its JWT validation on, as TutorBot checks every inbound token.
// The bench hands it the token issuer stand-in's keys (POST /_bench/jwks) before the run: its Entra-style tokens
// (iss https://login.microsoftonline.com/{tid}/v2.0) are then checked against {authority}/discovery/v2.0/keys.
// Outbound replies go unauthenticated to the connector stand-in, as TutorBot's do in the bench.
const express = require('express');
const { CloudAdapter, ActivityHandler, authorizeJWT } = require('@microsoft/agents-hosting');

const port = Number(process.env.PORT || 3980);
const appId = process.env.BENCH_APP_ID || 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const authority = `http://127.0.0.1:${port}/_bench`;
let jwks = { keys: [] };

const inbound = { clientId: appId, tenantId: process.env.BENCH_TENANT_ID, authority, issuers: [] };
inbound.connections = new Map([['serviceConnection', inbound]]);
const adapter = new CloudAdapter({}, undefined, undefined, undefined, { enabled: false });
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => { await context.sendActivity(`echo: ${context.activity.text}`); await next(); });

const app = express();
app.use(express.json({ limit: '256kb' }));
app.post('/_bench/jwks', (req, res) => { jwks = req.body; res.sendStatus(204); });
app.get('/_bench/discovery/v2.0/keys', (_req, res) => res.json(jwks));
app.post('/api/messages', authorizeJWT(inbound), (req, res) => adapter.process(req, res, (context) => bot.run(context)));
app.listen(port, '127.0.0.1', () => console.log(`agents-hosting echo bot on ${port} (JWT validation on)`));

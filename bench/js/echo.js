// Echo bot on the official JavaScript Bot Framework SDK: the baseline of bench/Program.cs.
// No app id, so it neither checks inbound tokens nor sends one (less work than TutorBot does per turn).
const http = require('node:http');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler } = require('botbuilder');

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => { await context.sendActivity(`echo: ${context.activity.text}`); await next(); });

const port = Number(process.env.PORT || 3979);
http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') { res.statusCode = 404; return res.end(); }
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', async () => {
    req.body = JSON.parse(body);
    // Minimal restify/express-like response shim expected by CloudAdapter.process.
    const shim = {
      socket: res.socket,
      header: (k, v) => res.setHeader(k, v),
      send: (b) => { if (b !== undefined) res.write(typeof b === 'string' ? b : JSON.stringify(b)); },
      status: (s) => { res.statusCode = s; },
      end: () => res.end(),
    };
    await adapter.process(req, shim, (context) => bot.run(context));
  });
}).listen(port, '127.0.0.1', () => console.log(`js echo bot on ${port}`));

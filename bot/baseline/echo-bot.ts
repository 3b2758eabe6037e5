// The benchmark's baseline: a bare Bot Framework bot on the same stack (restify, CloudAdapter,
// ConversationState on the same Mongo storage) that echoes the text. What it sustains is what the
// framework and the database allow; the complaint bot is measured against it.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, ActivityHandler } from 'botbuilder';
import mongoose from 'mongoose';
import { MongoStorage } from '../storage/mongo-storage';
import { Metrics } from '../metrics';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is required');
  const conn = mongoose.createConnection(uri, { retryWrites: false, monitorCommands: true, maxPoolSize: 1 });
  await conn.asPromise();
  const metrics = new Metrics();
  conn.getClient().on('commandStarted', (e) => metrics.dbCommands.inc({ command: e.commandName }));
  const state = new ConversationState(new MongoStorage(conn));
  const turns = state.createProperty<number>('turns');
  const bot = new ActivityHandler();
  bot.onMessage(async (ctx, next) => {
    const n = (await turns.get(ctx, 0)) + 1;
    await turns.set(ctx, n);
    await ctx.sendActivity(`${n}: ${ctx.activity.text ?? ''}`);
    await next();
  });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (ctx) => {
      await bot.run(ctx);
      await state.saveChanges(ctx, false);
    });
    metrics.turns.inc({ channel: 'bench', outcome: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    res.send(200, { status: 'ready' });
  });
  server.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.sendRaw(200, await metrics.registry.metrics());
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const stop = async () => {
    server.close();
    await conn.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main();

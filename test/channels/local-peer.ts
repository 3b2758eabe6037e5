// Try the Messenger and Zalo OA channels on one machine, without a Facebook Page or a Zalo OA.
// This plays both platforms: the customer's messages go to the bot's webhooks signed as Meta and
// Zalo sign them, and the bot's answers arrive at local Graph API / Zalo OpenAPI+OAuth servers
// (the same ones the tests use) and are printed here.
//
//   npx tsx test/channels/local-peer.ts          # prints the settings for the bot, then waits
//   (other terminal) <those settings> npm start   # or put them in .env
//
// Type a message and Enter. "/zalo" and "/messenger" switch platform; a number picks a quick
// reply (Messenger) or button (Zalo) of the last answer, as a tap would.
import { createInterface } from 'node:readline';
import { startGraphServer, envelope, metaJson, postToMessenger, textEvent } from './graph-server';
import { startZaloServer, postToZalo, userText } from './zalo-server';
import { channelEnv } from './world';

async function main(): Promise<void> {
  const botUrl = (process.env.BOT_URL ?? 'http://127.0.0.1:3978').replace(/\/$/, '');
  const port = Number(process.env.PEER_PORT ?? 3990);
  const graph = await startGraphServer({ port });
  const zalo = await startZaloServer({ port: port + 1, lenientRefresh: true });
  const env = channelEnv(graph, zalo);
  process.stdout.write(`Start the bot with these settings (or put them in .env):\n\n${Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n')}\n\n`);
  process.stdout.write(`Messages go to ${botUrl}/webhooks/… (BOT_URL to change). Platform: messenger. Type /zalo to switch.\n`);

  const psid = '24700000000099999';
  const zaloUser = '8441900000000099999';
  let platform: 'messenger' | 'zalo' = 'messenger';
  let choices: Array<{ text: string; payload?: string }> = [];
  let seenGraph = 0;
  let seenZalo = 0;

  setInterval(() => {
    for (; seenGraph < graph.accepted.length; seenGraph += 1) {
      const r = graph.accepted[seenGraph];
      if (r.kind !== 'message') continue;
      const m = r.body.message;
      process.stdout.write(`\n[messenger${r.body.tag ? ` ${r.body.tag}` : ''}] ${m.text ?? '(attachment)'}\n`);
      choices = [];
      if (m.quick_replies) {
        choices = m.quick_replies.map((q: { title: string; payload: string }) => ({ text: q.title, payload: q.payload }));
        process.stdout.write(`${choices.map((c, i) => `  ${i + 1}) ${c.text}`).join('\n')}\n`);
      }
    }
    for (; seenZalo < zalo.sent.length; seenZalo += 1) {
      const m = zalo.sent[seenZalo].message;
      process.stdout.write(`\n[zalo] ${m.text ?? '(attachment)'}\n`);
      const buttons = m.attachment?.payload?.buttons;
      choices = [];
      if (buttons) {
        choices = buttons.map((b: { title: string; payload: string }) => ({ text: b.payload }));
        process.stdout.write(`${buttons.map((b: { title: string }, i: number) => `  [${i + 1}] ${b.title}`).join('\n')}\n`);
      }
    }
  }, 100).unref();

  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.on('line', (line) => {
    const text = line.trim();
    if (!text) return;
    if (text === '/zalo' || text === '/messenger') {
      platform = text.slice(1) as typeof platform;
      choices = [];
      process.stdout.write(`Platform: ${platform}\n`);
      return;
    }
    const n = /^\d{1,2}$/.test(text) ? Number(text) : 0;
    const chosen = n >= 1 && n <= choices.length ? choices[n - 1] : undefined;
    const send =
      platform === 'messenger'
        ? postToMessenger(
            botUrl,
            Buffer.from(metaJson(envelope(graph.pageId, [textEvent(graph.pageId, psid, chosen?.text ?? text, chosen?.payload ? { quickReplyPayload: chosen.payload } : {})]))),
            graph.appSecret,
          )
        : postToZalo(botUrl, zalo, Buffer.from(JSON.stringify(userText(zalo, zaloUser, chosen?.text ?? text)), 'utf8'));
    send
      .then((status) => status !== 200 && process.stdout.write(`(the bot answered HTTP ${status})\n`))
      .catch((err: Error) => process.stdout.write(`(cannot reach the bot at ${botUrl}: ${err.message})\n`));
  });
  rl.on('close', () => process.exit(0));
}

void main();

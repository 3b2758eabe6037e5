// Terminal chat with a running bot: `npm run chat` (BOT_URL, default http://127.0.0.1:<PORT>).
// Quick replies are shown as numbered options; typing the number sends that option. Messages sent
// outside a turn (an agent's replies, the Step 4 confirmation after an agent resolves) arrive at a
// small local channel endpoint given to the bot as serviceUrl, and are printed as they come.
import 'dotenv/config';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';
import { sendToBot, Reply } from './bot-client';

const url = process.env.BOT_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3978}`;
const conversationId = process.env.CHAT_CONVERSATION ?? `cli-${randomUUID().slice(0, 8)}`;

function show(replies: Reply[]): string[] {
  let choices: string[] = [];
  for (const r of replies) {
    if (r.text) process.stdout.write(`\x1b[36mQpal:\x1b[0m ${r.text}\n`);
    if (r.choices.length) choices = r.choices;
  }
  choices.forEach((c, i) => process.stdout.write(`   [${i + 1}] ${c}\n`));
  return choices;
}

const MAX_BODY = 1024 * 1024;

/** The Bot Framework channel side: POST /v3/conversations/{id}/activities[/{replyTo}]. */
async function startCallback(print: (who: string, text: string) => void): Promise<{ url: string; close: () => void }> {
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY) req.destroy();
      else body += d;
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !/^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
        res.writeHead(404);
        res.end();
        return;
      }
      try {
        const a = JSON.parse(body) as { type?: string; text?: string; channelData?: { humanAgent?: boolean }; suggestedActions?: { actions?: Array<{ title?: string }> } };
        if (a.type === 'message' && a.text) print(a.channelData?.humanAgent ? 'Nhân viên Qpal' : 'Qpal', a.text);
      } catch {
        // not JSON: ignored
      }
      n += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `chat-${n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  const callback = await startCallback((who, text) => process.stdout.write(`\r\x1b[35m${who}:\x1b[0m ${text}\n\x1b[33mBạn:\x1b[0m `));
  process.stdout.write(`Chatting with ${url} as conversation ${conversationId}. Ctrl+D or /quit to leave.\n`);
  process.stdout.write(`(agents' replies arrive at ${callback.url})\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let choices: string[] = [];
  for (;;) {
    let line: string;
    try {
      line = await rl.question('\x1b[33mBạn:\x1b[0m ');
    } catch {
      break;
    }
    if (line.trim() === '/quit') break;
    const n = Number(line.trim());
    const text = Number.isInteger(n) && n >= 1 && n <= choices.length ? choices[n - 1] : line;
    try {
      choices = show(await sendToBot(url, conversationId, text, { serviceUrl: callback.url, userName: process.env.CHAT_USER_NAME }));
    } catch (err) {
      process.stdout.write(`(cannot reach the bot at ${url}: ${(err as Error).message}; is \`npm start\` running?)\n`);
    }
  }
  rl.close();
  callback.close();
}

void main();

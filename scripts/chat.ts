// Terminal chat with a running bot: `npm run chat` (BOT_URL, default http://127.0.0.1:3978).
// Quick replies are shown as numbered options; typing the number sends that option.
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

async function main(): Promise<void> {
  process.stdout.write(`Chatting with ${url} as conversation ${conversationId}. Ctrl+D or /quit to leave.\n`);
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
      choices = show(await sendToBot(url, conversationId, text));
    } catch (err) {
      process.stdout.write(`(cannot reach the bot at ${url}: ${(err as Error).message}; is \`npm start\` running?)\n`);
    }
  }
  rl.close();
}

void main();

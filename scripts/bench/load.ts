// The load generator: N simulated customers at a time, each sending its conversation's messages
// one after another over /api/messages (expectReplies), every turn's latency recorded.
import { sendToBot } from '../bot-client';

export interface Conversation {
  id: string;
  messages: string[];
}

export interface LoadResult {
  turns: number;
  errors: number;
  firstErrors: string[];
  seconds: number;
  latenciesMs: number[];
}

export async function runLoad(url: string, conversations: Conversation[], concurrency: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (;;) {
      const c = conversations[next];
      next += 1;
      if (!c) return;
      for (const text of c.messages) {
        const t0 = performance.now();
        try {
          const replies = await sendToBot(url, c.id, text, { channelId: 'bench' });
          latenciesMs.push(performance.now() - t0);
          if (replies.length === 0 && !/^alo$/.test(text)) throw new Error(`no reply to "${text}"`);
        } catch (err) {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(`${c.id}: ${(err as Error).message}`);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, conversations.length) }, worker));
  return { turns: latenciesMs.length, errors, firstErrors, seconds: (performance.now() - started) / 1000, latenciesMs };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

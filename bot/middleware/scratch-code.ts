import type { Activity, TurnContext } from 'botbuilder';
import { maskScratchCodes } from '../../dialogs/understanding/extract';

/**
 * A scratch code is the card's value: whatever a customer types that looks like one is masked in
 * the activity itself (text and the channel's raw event) before the inbox records it or any
 * middleware stores, logs or broadcasts it. Returns whether anything was masked.
 */
export function maskActivityScratchCodes(a: Partial<Activity>): boolean {
  if (typeof a.text !== 'string') return false;
  const masked = maskScratchCodes(a.text);
  if (masked === a.text) return false;
  a.text = masked;
  // The raw Messenger/Zalo event rides along in channelData: its copies of the text go too.
  const msg = (a.channelData as { message?: { text?: unknown; quick_reply?: { payload?: unknown } } } | undefined)?.message;
  if (msg && typeof msg === 'object') {
    a.channelData = { ...a.channelData, message: { ...msg, text: typeof msg.text === 'string' ? maskScratchCodes(msg.text) : msg.text } };
  }
  return true;
}

/** The first middleware of every adapter: activities that did not come through the inbox. */
export const scratchCodeMiddleware = {
  onTurn: async (ctx: TurnContext, next: () => Promise<void>) => {
    maskActivityScratchCodes(ctx.activity);
    await next();
  },
};

import type { Activity, Attachment } from 'botbuilder';
import { layoutChoices } from '../choices';
import { nfc, splitText, truncate } from '../text';
import { mediaContentType } from '../media';

// Pure translations between Messenger's webhook events / Send API bodies and Bot Framework
// activities (contract: shared/research/channels.md §1.3, §1.5).

export const MESSENGER = 'messenger';
export const TEXT_LIMIT = 2000;
export const QUICK_REPLY_LIMIT = 13;
export const QUICK_REPLY_TITLE_LIMIT = 20;
export const QUICK_REPLY_PAYLOAD_LIMIT = 1000;

export interface MessengerAttachment {
  type?: string;
  payload?: { url?: string; sticker_id?: number | string; title?: string } | null;
}

export interface MessengerEvent {
  sender?: { id?: string | number };
  recipient?: { id?: string | number };
  timestamp?: number | string;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload?: string };
    attachments?: MessengerAttachment[];
    sticker_id?: number | string;
  };
  postback?: { mid?: string; title?: string; payload?: string };
  delivery?: unknown;
  read?: unknown;
  [key: string]: unknown;
}

export interface MessengerEnvelope {
  object?: string;
  entry?: Array<{ id?: string | number; time?: number; messaging?: MessengerEvent[]; standby?: MessengerEvent[] }>;
}

/** Every event of a delivery: entries and their events are both batched. */
export function eventsOf(body: MessengerEnvelope): Array<{ pageId: string; event: MessengerEvent }> {
  const out: Array<{ pageId: string; event: MessengerEvent }> = [];
  for (const entry of Array.isArray(body.entry) ? body.entry : []) {
    // `standby` events belong to the thread's owner (another app, or the Page inbox): not ours.
    for (const event of Array.isArray(entry?.messaging) ? entry.messaging : []) {
      if (event && typeof event === 'object') out.push({ pageId: String(entry.id ?? ''), event });
    }
  }
  return out;
}

export type Inbound =
  | { kind: 'turn'; deliveryId: string; activity: Partial<Activity> }
  | { kind: 'ignore'; why: 'echo' | 'delivery' | 'read' | 'other' };

const millis = (t: unknown): number => {
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return Date.now();
  return n < 1e12 ? n * 1000 : n; // some samples use seconds
};

function contentTypeOf(a: MessengerAttachment): string {
  // A sticker arrives as an image carrying a sticker_id.
  return mediaContentType('messenger', a.payload?.sticker_id !== undefined ? 'sticker' : a.type);
}

function attachmentsOf(m: NonNullable<MessengerEvent['message']>): Attachment[] | undefined {
  const list = (m.attachments ?? []).map((a) => ({ contentType: contentTypeOf(a), contentUrl: a.payload?.url ?? undefined }));
  if (!list.length && m.sticker_id !== undefined) list.push({ contentType: 'image/sticker', contentUrl: undefined });
  return list.length ? list : undefined;
}

/** One webhook event as a bot turn, or why it is not one. */
export function toActivity(pageId: string, event: MessengerEvent, serviceUrl: string): Inbound {
  const psid = String(event.sender?.id ?? '');
  const page = String(event.recipient?.id ?? pageId);
  const base = {
    channelId: MESSENGER,
    serviceUrl,
    timestamp: new Date(millis(event.timestamp)),
    conversation: { id: psid, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: psid, name: '', role: 'user' },
    recipient: { id: page, name: '', role: 'bot' },
    channelData: event,
  };
  const m = event.message;
  if (m) {
    // Our own sends, other apps' and the Page inbox's come back as echoes: never customer input.
    if (m.is_echo) return { kind: 'ignore', why: 'echo' };
    if (!psid) return { kind: 'ignore', why: 'other' };
    const deliveryId = m.mid ?? `${psid}:${event.timestamp}`;
    // A tapped quick reply: `text` is the (maybe shortened) title, the payload is the full option.
    const text = nfc(m.quick_reply?.payload ?? m.text ?? '');
    return {
      kind: 'turn',
      deliveryId,
      activity: { ...base, type: 'message', id: deliveryId, text, attachments: attachmentsOf(m) },
    };
  }
  const p = event.postback;
  if (p) {
    if (!psid) return { kind: 'ignore', why: 'other' };
    const deliveryId = p.mid ?? `postback:${psid}:${event.timestamp}`;
    return {
      kind: 'turn',
      deliveryId,
      activity: { ...base, type: 'message', id: deliveryId, text: nfc(p.payload ?? p.title ?? '') },
    };
  }
  if (event.delivery) return { kind: 'ignore', why: 'delivery' };
  if (event.read) return { kind: 'ignore', why: 'read' };
  return { kind: 'ignore', why: 'other' };
}

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

/** The body of one Send API message (recipient and messaging type are added by the adapter). */
export interface GraphMessage {
  text?: string;
  quick_replies?: QuickReply[];
  attachment?: { type: 'image'; payload: { url: string; is_reusable?: boolean } };
}

export interface OutboundLayout {
  messages: GraphMessage[];
  /** Options listed as numbered lines (too many for quick replies): "3" means the third. */
  numbered?: string[];
}

/**
 * A bot activity as Send API messages: text composed (NFC) and split into pieces of at most 2,000
 * characters; suggested actions as at most 13 quick replies on the last piece, titles cut to 20
 * characters with the full option as payload; more than 13 options become numbered lines. Image
 * attachments with a URL are sent as images.
 */
export function toGraphMessages(a: Partial<Activity>): OutboundLayout {
  const { text, buttons, numbered } = layoutChoices(a, QUICK_REPLY_LIMIT);
  const quick: QuickReply[] | undefined = buttons?.map((t) => ({
    content_type: 'text',
    title: truncate(t, QUICK_REPLY_TITLE_LIMIT),
    payload: truncate(t, QUICK_REPLY_PAYLOAD_LIMIT),
  }));
  const messages: GraphMessage[] = [];
  for (const att of a.attachments ?? []) {
    if (att.contentUrl && /^image\//.test(att.contentType ?? '')) {
      messages.push({ attachment: { type: 'image', payload: { url: att.contentUrl, is_reusable: true } } });
    }
  }
  if (text.trim()) messages.push(...splitText(text, TEXT_LIMIT).map((t) => ({ text: t })));
  if (quick) {
    // Quick replies hang off a text or an attachment: the last message sent.
    const last = messages[messages.length - 1];
    if (last) last.quick_replies = quick;
  }
  return { messages, numbered };
}

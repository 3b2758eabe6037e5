import type { Activity, Attachment } from 'botbuilder';
import { layoutChoices } from '../choices';
import { nfc, splitText } from '../text';
import { mediaContentType } from '../media';

// Pure translations between Zalo OA webhook events / customer-service message bodies and Bot
// Framework activities (contract: shared/research/channels.md §2.2, §2.5). Ids stay strings.

export const ZALO = 'zalo';
export const TEXT_LIMIT = 2000;
export const BUTTON_LIMIT = 5;

export interface ZaloEvent {
  event_name?: string;
  app_id?: string | number;
  oa_id?: string | number;
  sender?: { id?: string | number };
  recipient?: { id?: string | number };
  timestamp?: string | number;
  message?: {
    msg_id?: string;
    text?: string;
    attachments?: Array<{ type?: string; payload?: Record<string, unknown> | null }>;
  };
  [key: string]: unknown;
}

export type Inbound =
  | { kind: 'turn'; deliveryId: string; activity: Partial<Activity> }
  | { kind: 'ignore'; why: 'echo' | 'status' | 'other' };

/** The OA of an event: the recipient of what users send, the sender of what the OA sends. */
export function oaIdOf(e: ZaloEvent): string {
  if (e.oa_id !== undefined) return String(e.oa_id);
  const name = e.event_name ?? '';
  return String((name.startsWith('user_') || name.startsWith('anonymous_') ? e.recipient?.id : e.sender?.id) ?? '');
}

function contentTypeOf(type: string | undefined): string {
  return mediaContentType('zalo', type, { gif: 'image/gif' });
}

function attachmentsOf(e: ZaloEvent): Attachment[] | undefined {
  const list = (e.message?.attachments ?? []).map((a) => {
    const url = a.payload?.url;
    return { contentType: contentTypeOf(a.type), contentUrl: typeof url === 'string' ? url : undefined };
  });
  if (!list.length) {
    // user_send_sticker / _image / _location… without an attachments array.
    const kind = /^user_send_(\w+)$/.exec(e.event_name ?? '')?.[1];
    if (kind && kind !== 'text') list.push({ contentType: contentTypeOf(kind), contentUrl: undefined });
  }
  return list.length ? list : undefined;
}

/** One webhook event as a bot turn, or why it is not one. */
export function toActivity(e: ZaloEvent, serviceUrl: string): Inbound {
  const name = e.event_name ?? '';
  // What the OA sent (our API sends, replies typed in the OA admin) comes back: never input.
  if (name.startsWith('oa_send_')) return { kind: 'ignore', why: 'echo' };
  if (name === 'user_received_message' || name === 'user_seen_message') return { kind: 'ignore', why: 'status' };
  if (!name.startsWith('user_send_')) return { kind: 'ignore', why: 'other' };
  const userId = String(e.sender?.id ?? '');
  if (!userId) return { kind: 'ignore', why: 'other' };
  const oaId = oaIdOf(e);
  const ms = Number(e.timestamp);
  const deliveryId = e.message?.msg_id ?? `${name}:${userId}:${e.timestamp}`;
  return {
    kind: 'turn',
    deliveryId,
    activity: {
      type: 'message',
      id: deliveryId,
      channelId: ZALO,
      serviceUrl,
      timestamp: Number.isFinite(ms) && ms > 0 ? new Date(ms) : new Date(),
      conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId, name: '', role: 'user' },
      recipient: { id: oaId, name: '', role: 'bot' },
      text: nfc(e.message?.text ?? ''),
      attachments: attachmentsOf(e),
      channelData: e,
    },
  };
}

export interface ZaloButton {
  title: string;
  type: 'oa.query.show';
  payload: string;
}

export interface ZaloMessage {
  text?: string;
  attachment?:
    | { type: 'template'; payload: { buttons: ZaloButton[] } }
    | { type: 'template'; payload: { template_type: 'media'; elements: Array<{ media_type: 'image'; url: string }> } };
}

export interface OutboundLayout {
  messages: ZaloMessage[];
  /** Options listed as numbered lines (more than 5): "3" means the third. */
  numbered?: string[];
}

/**
 * A bot activity as OA customer-service messages: text composed (NFC) and split into pieces of at
 * most 2,000 characters; up to 5 suggested actions as buttons on the last piece ("oa.query.show":
 * a tap sends the option's text as the customer's message); more become numbered lines.
 */
export function toZaloMessages(a: Partial<Activity>): OutboundLayout {
  const layout = layoutChoices(a, BUTTON_LIMIT);
  const { text, numbered } = layout;
  const buttons: ZaloButton[] | undefined = layout.buttons?.map((t) => ({ title: t, type: 'oa.query.show', payload: t }));
  const messages: ZaloMessage[] = [];
  for (const att of a.attachments ?? []) {
    if (att.contentUrl && /^image\//.test(att.contentType ?? '')) {
      messages.push({ attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: att.contentUrl }] } } });
    }
  }
  const pieces = text.trim() ? splitText(text, TEXT_LIMIT) : [];
  pieces.forEach((t, i) => {
    const last = i === pieces.length - 1;
    messages.push(last && buttons ? { text: t, attachment: { type: 'template', payload: { buttons } } } : { text: t });
  });
  return { messages, numbered };
}

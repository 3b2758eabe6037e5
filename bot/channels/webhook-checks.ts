// Signed deliveries are still outside input: a field of the wrong type is the sender's mistake
// (400), never ours (500); and a captured signed delivery must not replay once the dedupe window
// has forgotten it, so events older than WEBHOOK_MAX_AGE_MINUTES are acknowledged and dropped.

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isId = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
const isStr = (v: unknown) => v === undefined || typeof v === 'string';
const isTime = isId;

function partyError(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v) || !isId(v.id)) return `${name}.id must be a string`;
  return undefined;
}

/** Why a Messenger delivery's shape is wrong, or undefined when every field we read has its type. */
export function messengerShapeError(body: unknown): string | undefined {
  if (!isObj(body)) return 'body must be an object';
  if (!isStr(body.object)) return 'object must be a string';
  if (body.entry === undefined) return undefined;
  if (!Array.isArray(body.entry)) return 'entry must be an array';
  for (const entry of body.entry) {
    if (!isObj(entry) || !isId(entry.id) || !isTime(entry.time)) return 'entry[] must be objects with an id';
    for (const key of ['messaging', 'standby']) {
      const list = entry[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return `${key} must be an array`;
      for (const e of list) {
        if (!isObj(e)) return `${key}[] must be objects`;
        const bad = partyError(e.sender, 'sender') ?? partyError(e.recipient, 'recipient');
        if (bad) return bad;
        if (!isTime(e.timestamp)) return 'timestamp must be a number';
        const m = e.message;
        if (m !== undefined) {
          if (!isObj(m)) return 'message must be an object';
          if (!isStr(m.mid) || !isStr(m.text)) return 'message.mid and message.text must be strings';
          if (m.quick_reply !== undefined && (!isObj(m.quick_reply) || !isStr(m.quick_reply.payload))) return 'quick_reply.payload must be a string';
          if (m.attachments !== undefined && (!Array.isArray(m.attachments) || !m.attachments.every(isObj))) return 'attachments must be an array of objects';
        }
        const p = e.postback;
        if (p !== undefined && (!isObj(p) || !isStr(p.mid) || !isStr(p.title) || !isStr(p.payload))) return 'postback fields must be strings';
      }
    }
  }
  return undefined;
}

/** Why a Zalo event's shape is wrong, or undefined. */
export function zaloShapeError(e: unknown): string | undefined {
  if (!isObj(e)) return 'body must be an object';
  if (!isStr(e.event_name)) return 'event_name must be a string';
  if (!isId(e.app_id) || !isId(e.oa_id)) return 'app_id and oa_id must be strings';
  if (!isTime(e.timestamp)) return 'timestamp must be a number';
  const bad = partyError(e.sender, 'sender') ?? partyError(e.recipient, 'recipient');
  if (bad) return bad;
  const m = e.message;
  if (m !== undefined) {
    if (!isObj(m)) return 'message must be an object';
    if (!isStr(m.msg_id) || !isStr(m.text)) return 'message.msg_id and message.text must be strings';
    if (m.attachments !== undefined && (!Array.isArray(m.attachments) || !m.attachments.every(isObj))) return 'attachments must be an array of objects';
  }
  return undefined;
}

/** An event time (seconds or milliseconds) older than `maxAgeMinutes` before `now`. */
export function isTooOld(timestamp: unknown, now: Date, maxAgeMinutes: number): boolean {
  const n = Number(timestamp);
  if (timestamp === undefined || timestamp === '' || !Number.isFinite(n) || n <= 0) return false;
  const ms = n < 1e12 ? n * 1000 : n;
  return now.getTime() - ms > maxAgeMinutes * 60_000;
}

import type { Connection } from 'mongoose';
import { keepWritten, keptRead, writeVersion } from './kept-copies';

/**
 * The ticket as every reader of kept ticket copies (models/kept-copies.ts) loads it: the whole
 * ticket but its conversation reference and findings. One projection for all of them (queue,
 * service-level watch, /metrics, the fraud rules' look-up of a phone's tickets), because the
 * copies are shared: the watch's check every 30 s keeps the queue's copies current, and the copy
 * kept when a ticket is created answers the card check's look-up of it a moment later.
 */
export const KEPT_TICKET_PROJECTION = { conversationReference: 0, findings: 0 } as const;

export function keptTicket<T extends { _id: string }>(conn: Connection, code: string): Promise<T | null> {
  return keptRead(conn, 'tickets', code, async () => (await conn.collection('tickets').findOne({ _id: code as never }, { projection: KEPT_TICKET_PROJECTION })) as unknown as T | null);
}

/** writeVersion of a ticket just before a write whose result is then given to `keepCreatedTicket`. */
export function ticketVersion(conn: Connection, code: string): number {
  return writeVersion(conn, 'tickets', code);
}

/** Keeps a ticket as its insert stored it (`stored`: the created document as a plain object, cloned: the caller goes on using it). */
export function keepCreatedTicket(conn: Connection, code: string, stored: Record<string, unknown>, before: number): void {
  const copy = structuredClone(stored);
  for (const field of Object.keys(KEPT_TICKET_PROJECTION)) delete copy[field];
  keepWritten(conn, 'tickets', code, copy, before);
}

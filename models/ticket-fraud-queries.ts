// The look-ups the fraud rules ask for (machines/complaint/fraud.ts `fraudLookups`), run with the
// parameters given; what counts as another customer or a failing serial is decided there.
import type { Connection } from 'mongoose';
import type { CustomerComplaint, FraudLookups, SerialComplaint } from '../machines/complaint/fraud';
import type { Situation } from '../machines/complaint/types';
import { keptTicket } from './kept-tickets';
import { ticketsNamingSerial, ticketsOfPhone } from './ticket-keys';

/** Every ticket naming the serial, with who made it. */
export async function complaintsNamingSerial(conn: Connection, serial: string): Promise<SerialComplaint[]> {
  if (!serial) return [];
  const naming = await ticketsNamingSerial(conn, serial);
  return naming.map((t) => ({ ticketCode: t.ticketCode, phone: t.phone, conversation: t.conversation }));
}

/**
 * This phone's tickets created since `since` whose situation is one of `situations`, with the
 * serial each names now (a re-entered serial replaces the mistyped one).
 */
export async function complaintsOfPhone(
  conn: Connection,
  q: NonNullable<FraudLookups['customer']>,
): Promise<CustomerComplaint[]> {
  const entries = await ticketsOfPhone(conn, q.phone);
  const codes = [...new Set(entries.filter((e) => e.at >= q.since).map((e) => e.ticketCode))];
  // One read by _id per ticket (the only filter FerretDB narrows in SQL), or its kept copy: the
  // ticket this card check is for was created a moment ago.
  const tickets = await Promise.all(codes.map((code) => keptTicket<{ _id: string; serial?: string; situation?: Situation }>(conn, code)));
  return tickets
    .filter((t) => t !== null && t.situation !== undefined && q.situations.includes(t.situation))
    .map((t) => ({ ticketCode: t!._id, serial: t!.serial }));
}

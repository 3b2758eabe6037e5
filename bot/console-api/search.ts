import type { Connection } from 'mongoose';
import { ticketModel, type TicketRecord } from '../../models/ticket';
import { normaliseTicketCode } from '../../models/ticket-code';
import { ticketsNamingSerial, ticketsOfPhone } from '../../models/ticket-keys';
import { foldName, ticketsUnder } from '../../models/ticket-search';
import { parsePhone, parseSerial } from '../../dialogs/understanding';
import { ApiError } from './errors';

export const MAX_QUERY = 100;
const MAX_RESULTS = 50;

export interface SearchHit {
  code: string;
  status: TicketRecord['status'];
  channel?: string;
  customerName?: string;
  /** National format, as agents dial it. */
  phone?: string;
  serial?: string;
  situation?: TicketRecord['situation'];
  resolution?: TicketRecord['resolution'];
  createdAt: Date;
  updatedAt?: Date;
  conversation?: string;
  /** What matched: code, phone, serial, name. */
  by: Array<'code' | 'phone' | 'serial' | 'name'>;
}

const PROJECTION = { code: 1, status: 1, channel: 1, customerName: 1, phone: 1, serial: 1, situation: 1, resolution: 1, createdAt: 1, updatedAt: 1, conversation: 1, 'conversationReference.user.name': 1 } as const;

/** "+84900000003" → "0900 000 003". */
export function nationalPhone(e164?: string): string | undefined {
  if (!e164) return undefined;
  if (!e164.startsWith('+84')) return e164;
  const n = `0${e164.slice(3)}`;
  return n.length === 10 ? `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}` : n;
}

/**
 * Finds tickets, open and closed, by code, phone (any way it is typed), serial or the customer's
 * name without diacritics — every look-up by _id (see models/ticket-search.ts).
 */
export class TicketSearch {
  constructor(private readonly conn: Connection, private readonly serialPattern?: RegExp) {}

  async search(query: unknown): Promise<SearchHit[]> {
    const q = typeof query === 'string' ? query.normalize('NFC').trim() : '';
    if (q.length < 2) throw new ApiError(400, 'query_too_short');
    if (q.length > MAX_QUERY) throw new ApiError(400, 'query_too_long');
    const found = new Map<string, Set<SearchHit['by'][number]>>();
    const hit = (codes: string[], by: SearchHit['by'][number]) => {
      for (const c of codes) (found.get(c) ?? found.set(c, new Set()).get(c)!).add(by);
    };
    const lookups: Array<Promise<void>> = [];

    const code = normaliseTicketCode(q) ?? normaliseTicketCode(`KN${q}`);
    if (code) hit([code], 'code');
    if (/\d/.test(q) && !/\p{L}{2,}/u.test(q.replace(/^kn/i, ''))) {
      const phone = parsePhone(q);
      if (phone.ok) lookups.push(ticketsOfPhone(this.conn, phone.value).then((e) => hit(e.map((x) => x.ticketCode), 'phone')));
      const serial = parseSerial(q, this.serialPattern);
      const raw = q.replace(/[\s.-]/g, '').toUpperCase();
      for (const s of new Set([serial.ok ? serial.value : undefined, /^[A-Z0-9]{6,}$/.test(raw) ? raw : undefined])) {
        if (s) lookups.push(ticketsNamingSerial(this.conn, s).then((e) => hit(e.map((x) => x.ticketCode), 'serial')));
      }
    }
    const name = foldName(q);
    if (/\p{L}/u.test(name) && !code) lookups.push(this.byName(name).then((codes) => hit(codes, 'name')));
    await Promise.all(lookups);

    const codes = [...found.keys()].sort().reverse().slice(0, MAX_RESULTS);
    const tickets = await this.tickets(codes);
    return tickets
      .map((t) => ({ ...hitOf(t), by: [...found.get(t.code)!] }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** The newest tickets of this whole name, then of names with these words in this order. */
  private async byName(name: string): Promise<string[]> {
    const [whole, part] = await Promise.all([ticketsUnder(this.conn, 'name', name), ticketsUnder(this.conn, 'part', name)]);
    return [...new Set([...whole, ...part])];
  }

  /** The customer's other tickets: same phone or same conversation. */
  async related(t: TicketRecord): Promise<SearchHit[]> {
    const [byPhone, byConv] = await Promise.all([
      t.phone ? ticketsOfPhone(this.conn, t.phone).then((e) => e.map((x) => x.ticketCode)) : [],
      t.conversation ? ticketsUnder(this.conn, 'conv', t.conversation) : [],
    ]);
    const codes = [...new Set([...byPhone, ...byConv])].filter((c) => c !== t.code).sort().reverse().slice(0, 20);
    return (await this.tickets(codes))
      .map((x) => ({ ...hitOf(x), by: [] }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  private async tickets(codes: string[]): Promise<TicketRecord[]> {
    const Ticket = ticketModel(this.conn);
    const docs = await Promise.all(codes.map((c) => Ticket.findById(c, PROJECTION).lean<TicketRecord>()));
    return docs.filter((d): d is TicketRecord => !!d);
  }
}

function hitOf(t: TicketRecord): Omit<SearchHit, 'by'> {
  const refName = (t.conversationReference as { user?: { name?: string } } | undefined)?.user?.name;
  return {
    code: t.code,
    status: t.status,
    channel: t.channel,
    customerName: t.customerName ?? refName,
    phone: nationalPhone(t.phone),
    serial: t.serial,
    situation: t.situation,
    resolution: t.resolution,
    createdAt: new Date(t.createdAt),
    updatedAt: t.updatedAt ? new Date(t.updatedAt) : undefined,
    conversation: t.conversation,
  };
}

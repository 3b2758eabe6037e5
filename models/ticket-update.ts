// Changes to a ticket after creation, each recorded in its history as before -> after.
import type { Connection } from 'mongoose';
import { ticketModel, type NewTicket, type TicketConfirmation, type TicketRecord } from './ticket';
import { indexTicketKeys } from './ticket-keys';
import { recordTicketHistory, type FieldChange, type TicketActor } from './ticket-history';
import { refreshReportRow, type ReportRow } from './report-days';
import { markOpenCase, openCaseChange, unmarkOpenCase } from './open-cases';

/** What may change on a ticket after creation; `confirmation` is merged field by field. */
export type TicketChanges = Partial<Omit<NewTicket, 'complaintId'>> & {
  confirmation?: Partial<Omit<TicketConfirmation, 'phoneCalls'>>;
};

const DATE_PATHS = new Set(['transactionAt', 'deadline', 'handedOffAt', 'firstResponseDue', 'closedAt', 'confirmation.chatSentAt', 'confirmation.emailSentAt']);

function toSetPaths(changes: TicketChanges): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    if (value === undefined) return;
    set[path] = DATE_PATHS.has(path) && value !== null ? new Date(value as string | Date) : value;
  };
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'confirmation' && value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) put(`confirmation.${k}`, v);
    } else {
      put(key, value);
    }
  }
  return set;
}

/**
 * Sets the given fields and appends one history entry listing each field that changed (before →
 * after). Returns the ticket as this update left it, or null when no ticket has that code.
 */
export async function updateTicket(
  conn: Connection,
  code: string,
  changes: TicketChanges,
  actor: TicketActor,
  now: Date,
  action = 'updated',
): Promise<TicketRecord | null> {
  const Ticket = ticketModel(conn);
  const set = toSetPaths(changes);
  const openCase = openCaseChange(set.status as string | undefined);
  if (openCase === 'mark') await markOpenCase(conn, code, now); // before: see models/open-cases.ts
  // The document as it was just before this write (atomically so on MongoDB), for the history.
  const before = await Ticket.findOneAndUpdate(
    { _id: code },
    { $set: { ...set, updatedAt: now } },
    { returnDocument: 'before', runValidators: true },
  ).lean<TicketRecord>();
  if (!before) return null;

  const changed: FieldChange[] = [];
  for (const [field, to] of Object.entries(set)) {
    const from = readPath(before, field);
    if (!sameValue(from, to)) changed.push({ field, from: from ?? null, to });
  }
  // The ticket as this write left it, built from `before` rather than read again: the report row
  // and the caller get it without another read.
  const after = structuredClone(before) as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries({ ...set, updatedAt: now })) writePath(after, field, value);
  await Promise.all([
    recordTicketHistory(conn, { ticketCode: code, at: now, actor, action, changes: changed }),
    refreshReportRow(conn, code, after as Partial<ReportRow>),
    // Only a ticket that was waiting has its marker: most tickets are closed without ever waiting.
    // A marker left over by a failed write is a leftover the readers remove (models/open-cases.ts).
    openCase === 'unmark' && before.status === 'waiting_agent' ? unmarkOpenCase(conn, code) : undefined,
  ]);
  const current = (field: 'serial' | 'phone') => (field in set ? (set[field] as string | null) || undefined : before[field]);
  // Only under the key that changed: the other one lists this ticket already (the entry still
  // carries both, the fraud rules compare who made a ticket by its phone).
  const keys = (['serial', 'phone'] as const).filter((k) => changed.some((c) => c.field === k) && current(k));
  if (keys.length) {
    await indexTicketKeys(conn, { code, serial: current('serial'), phone: current('phone'), conversation: before.conversation }, now, { keys });
  }
  return after as unknown as TicketRecord;
}

function writePath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = doc;
  for (const k of keys.slice(0, -1)) {
    if (!target[k] || typeof target[k] !== 'object') target[k] = {};
    target = target[k] as Record<string, unknown>;
  }
  target[keys[keys.length - 1]] = value;
}

function readPath(doc: object, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a ?? null) === stableJson(b ?? null);
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

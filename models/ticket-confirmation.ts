import type { Connection } from 'mongoose';
import { ticketModel, type PhoneCall, type TicketRecord } from './ticket';
import type { Resolution } from '../machines/complaint/types';
import { recordTicketHistory, type FieldChange, type TicketActor } from './ticket-history';
import { refreshReportRow } from './report-days';
import { unmarkOpenCase } from './open-cases';

/**
 * Step 4 by phone: appends the call to `confirmation.phoneCalls` and, when the call closed the
 * case, sets the resolution and status; one history entry lists what changed. FerretDB's $push is
 * read-then-write, so callers serialise calls on one ticket (the console does, per ticket).
 */
export async function recordPhoneCall(
  conn: Connection,
  code: string,
  call: PhoneCall,
  actor: TicketActor,
  now: Date,
  close?: { resolution: Resolution },
): Promise<TicketRecord | null> {
  const set: Record<string, unknown> = { updatedAt: now };
  if (close) Object.assign(set, { status: 'closed', resolution: close.resolution, closedAt: now });
  const before = await ticketModel(conn)
    .findOneAndUpdate({ _id: code }, { $set: set, $push: { 'confirmation.phoneCalls': call } }, { returnDocument: 'before', runValidators: true })
    .lean<TicketRecord>();
  if (!before) return null;
  const changes: FieldChange[] = [{ field: 'confirmation.phoneCalls', from: null, to: call }];
  if (close) {
    if (before.status !== 'closed') changes.push({ field: 'status', from: before.status, to: 'closed' });
    if (before.resolution !== close.resolution) changes.push({ field: 'resolution', from: before.resolution ?? null, to: close.resolution });
  }
  await Promise.all([
    recordTicketHistory(conn, { ticketCode: code, at: now, actor, action: 'confirmation_call', changes }),
    refreshReportRow(conn, code),
    close ? unmarkOpenCase(conn, code) : undefined,
  ]);
  const after = structuredClone(before) as TicketRecord;
  after.confirmation = { ...after.confirmation, phoneCalls: [...(after.confirmation?.phoneCalls ?? []), call] };
  if (close) Object.assign(after, { status: 'closed', resolution: close.resolution, closedAt: now });
  after.updatedAt = now;
  return after;
}

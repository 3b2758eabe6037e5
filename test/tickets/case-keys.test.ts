import { expect } from 'chai';
import mongoose, { Types, type Connection } from 'mongoose';
import { testDatabaseUri } from '../support/database';
import { ticketHistory, type NewTicket } from '../../models/ticket';
import { createTicket } from '../../models/ticket-create';
import { updateTicket } from '../../models/ticket-update';
import { caseKeysReady } from '../../models/case-keys';
import { backfillCaseKeys } from '../../models/case-keys-backfill';
import { waitingTickets } from '../../models/open-cases';
import { addNote, ticketNotes } from '../../models/note';
import { appendTranscript, conversationTranscript } from '../../models/transcript-log';
import { transcriptModel } from '../../models/transcript';
import { newestTicketOf } from '../../bot/console-api/queue-query';

const NOW = new Date('2026-11-25T03:00:00Z');
let n = 0;
const complaint = (over: Partial<NewTicket> = {}): NewTicket => ({
  complaintId: `ck-${++n}`,
  situation: 'other',
  phone: '+84912000111',
  channel: 'messenger',
  conversation: `messenger:ck-${n}`,
  customerName: 'Trần Thị Thu',
  ...over,
});
const PROJ = { conversation: 1, direction: 1, author: 1, text: 1, at: 1 } as const;

/** Every command the connection sends while `run` runs, as [command, collection, filter]. */
async function commandsOf(conn: Connection, run: () => Promise<unknown>): Promise<Array<[string, string, unknown]>> {
  const seen: Array<[string, string, unknown]> = [];
  const client = conn.getClient();
  const on = (e: { commandName: string; command: Record<string, unknown> }) => {
    seen.push([e.commandName, String(e.command[e.commandName]), e.command.filter ?? e.command.q]);
  };
  client.on('commandStarted', on);
  try {
    await run();
  } finally {
    client.off('commandStarted', on);
  }
  return seen;
}

describe('console look-ups by _id (open cases, history, notes, transcripts)', function () {
  this.timeout(30_000);
  const open = async (label: string) => mongoose.createConnection(await testDatabaseUri(label), { retryWrites: false, monitorCommands: true }).asPromise();

  it('on a database it started on: the queue, a history, notes and a transcript are read by _id only, and match what was written', async () => {
    const conn = await open('ck_fresh');
    try {
      expect(await caseKeysReady(conn)).to.equal(true);
      const waiting = await createTicket(conn, complaint({ status: 'waiting_agent' }), NOW);
      const other = await createTicket(conn, complaint(), NOW);
      await updateTicket(conn, other.code, { status: 'waiting_agent' }, 'bot', new Date(NOW.getTime() + 1000));
      const closing = await createTicket(conn, complaint({ status: 'waiting_agent' }), NOW);
      await updateTicket(conn, closing.code, { status: 'closed', resolution: 'agent_resolved' }, 'agent:hoa', new Date(NOW.getTime() + 2000));
      await addNote(conn, { ticketCode: waiting.code, agentId: 'hoa', agentName: 'Hoa', text: 'gọi lại sau 5 giờ', at: NOW });
      await addNote(conn, { ticketCode: waiting.code, agentId: 'lan', agentName: 'Lan', text: 'đã gọi', at: new Date(NOW.getTime() + 60_000) });
      const conv = waiting.conversation!;
      await appendTranscript(transcriptModel(conn), conv, [{ conversation: conv, channelId: 'messenger', direction: 'in', author: 'customer', text: 'the nap ko duoc', at: NOW }]);
      await appendTranscript(transcriptModel(conn), conv, [
        { conversation: conv, channelId: 'messenger', direction: 'out', author: 'bot', text: 'Bạn đã nạp thẻ vào dịch vụ nào?', at: new Date(NOW.getTime() + 1) },
        { conversation: conv, channelId: 'messenger', direction: 'out', author: 'bot', text: 'Mệnh giá?', at: new Date(NOW.getTime() + 1) },
      ]);

      let queue: Array<{ _id: string }> = [];
      let history: Awaited<ReturnType<typeof ticketHistory>> = [];
      let notes: Awaited<ReturnType<typeof ticketNotes>> = [];
      let transcript: Awaited<ReturnType<typeof conversationTranscript>> = [];
      let newest: string | undefined;
      const commands = await commandsOf(conn, async () => {
        queue = await waitingTickets(conn);
        history = await ticketHistory(conn, closing.code);
        notes = await ticketNotes(conn, waiting.code);
        transcript = await conversationTranscript(conn, conv, 1000, PROJ);
        newest = await newestTicketOf(conn, conv);
      });
      expect(queue.map((t) => t._id).sort()).to.deep.equal([waiting.code, other.code].sort());
      expect(history.map((h) => [h.action, h.actor])).to.deep.equal([['created', 'bot'], ['updated', 'agent:hoa']]);
      expect(notes.map((x) => x.text)).to.deep.equal(['gọi lại sau 5 giờ', 'đã gọi']);
      expect(transcript.map((e) => e.text)).to.deep.equal(['the nap ko duoc', 'Bạn đã nạp thẻ vào dịch vụ nào?', 'Mệnh giá?']);
      expect(transcript[0].id).to.match(/^t[0-9a-f]{20}:0$/);
      expect(newest).to.equal(waiting.code);
      // The only collection read by another filter is the small open_cases (all of it).
      const big = commands.filter(([cmd, coll]) => cmd === 'find' && coll !== 'open_cases' && coll !== 'schema_marks' && coll !== 'legacy_index');
      expect(big.length).to.be.greaterThan(5);
      for (const [, coll, filter] of big) expect(Object.keys(filter as object), `${coll} ${JSON.stringify(filter)}`).to.deep.equal(['_id']);
      for (const [, , filter] of big) expect(typeof (filter as { _id: unknown })._id, JSON.stringify(filter)).to.equal('string');
    } finally {
      await conn.close();
    }
  });

  it('an older database reads as before, then the same after cases:backfill, with new entries after the old ones', async () => {
    const conn = await open('ck_legacy');
    try {
      const conv = 'messenger:legacy-1';
      // Written by an earlier version: ObjectIds, no open-case marker.
      await conn.collection('tickets').insertOne({ _id: 'KN-2011-0001', code: 'KN-2011-0001', status: 'waiting_agent', conversation: conv, createdAt: NOW } as never);
      await conn.collection('ticket_history').insertMany([
        { _id: new Types.ObjectId(), ticketCode: 'KN-2011-0001', at: NOW, actor: 'bot', action: 'created', changes: [] },
        { _id: new Types.ObjectId(), ticketCode: 'KN-2011-0001', at: new Date(NOW.getTime() + 1000), actor: 'bot', action: 'handed_off', changes: [] },
      ] as never[]);
      await conn.collection('transcripts').insertMany([
        { _id: new Types.ObjectId(), conversation: conv, channelId: 'messenger', direction: 'in', author: 'customer', text: 'cũ 1', at: NOW },
        { _id: new Types.ObjectId(), conversation: conv, channelId: 'messenger', direction: 'out', author: 'bot', text: 'cũ 2', at: new Date(NOW.getTime() + 1) },
      ] as never[]);
      await conn.collection('console_notes').insertOne({ _id: new Types.ObjectId(), ticketCode: 'KN-2011-0001', agentId: 'hoa', agentName: 'Hoa', text: 'ghi chú cũ', at: NOW } as never);

      expect(await caseKeysReady(conn)).to.equal(false);
      const read = async () => ({
        queue: (await waitingTickets<{ _id: string }>(conn)).map((t) => t._id),
        history: (await ticketHistory(conn, 'KN-2011-0001')).map((h) => h.action),
        notes: (await ticketNotes(conn, 'KN-2011-0001')).map((x) => x.text),
        transcript: (await conversationTranscript(conn, conv, 1000, PROJ)).map((e) => e.text),
      });
      const before = await read();
      expect(before).to.deep.equal({ queue: ['KN-2011-0001'], history: ['created', 'handed_off'], notes: ['ghi chú cũ'], transcript: ['cũ 1', 'cũ 2'] });

      await backfillCaseKeys(conn);
      await backfillCaseKeys(conn); // again: nothing doubles
      expect(await caseKeysReady(conn)).to.equal(true);
      expect(await read()).to.deep.equal(before);

      await updateTicket(conn, 'KN-2011-0001', { statusText: 'x' }, 'agent:hoa', new Date(NOW.getTime() + 5000));
      await appendTranscript(transcriptModel(conn), conv, [{ conversation: conv, channelId: 'messenger', direction: 'in', author: 'customer', text: 'mới', at: new Date(NOW.getTime() + 5000) }]);
      const after = await read();
      expect(after.history).to.deep.equal(['created', 'handed_off', 'updated']);
      expect(after.transcript).to.deep.equal(['cũ 1', 'cũ 2', 'mới']);
      await updateTicket(conn, 'KN-2011-0001', { status: 'closed' }, 'agent:hoa', new Date(NOW.getTime() + 6000));
      expect((await read()).queue).to.deep.equal([]);
    } finally {
      await conn.close();
    }
  });
});

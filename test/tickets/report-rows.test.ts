import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { readReportRows, refreshReportRow, reportDayOf, ROWS_PER_PART } from '../../models/report-days';
import { testDatabaseUri } from '../support/database';

// Every ticket of a day writes its row into that day's one document. 60 tickets changing at once
// (customers confirming together) must all be in the report, and must not queue one database
// write each behind the others.
describe("report rows: a day's document under a burst of ticket changes", () => {
  let conn: Connection;
  before(async () => {
    conn = await mongoose.createConnection(await testDatabaseUri('report_rows'), { retryWrites: false, monitorCommands: true }).asPromise();
  });
  after(() => conn.close());

  it('60 changes at once: every row is there, in far fewer writes than changes', async () => {
    const createdAt = new Date('2026-11-30T03:00:00Z');
    const codes = Array.from({ length: 60 }, (_, i) => `KN-3011-${String(i + 1).padStart(4, '0')}`);
    await conn.collection('tickets').insertMany(codes.map((c, i) => ({ _id: c as never, createdAt, status: i % 2 ? 'closed' : 'waiting_agent', situation: 'failed_card_used' })));
    let updates = 0;
    const count = (e: { commandName: string; command: Record<string, unknown> }) => {
      if (e.commandName === 'update' && e.command.update === 'report_days') updates += 1;
    };
    conn.getClient().on('commandStarted', count);
    try {
      await Promise.all(codes.map((c) => refreshReportRow(conn, c)));
    } finally {
      conn.getClient().off('commandStarted', count);
    }
    const rows = await readReportRows(conn, [reportDayOf(createdAt)]);
    expect(rows).to.have.length(60);
    expect(rows.filter((r) => r.status === 'closed')).to.have.length(30);
    expect(updates).to.be.greaterThan(0).and.lessThan(20);
  });

  it('a later change of a ticket wins over its earlier row', async () => {
    const createdAt = new Date('2026-11-29T03:00:00Z');
    await conn.collection('tickets').insertOne({ _id: 'KN-2911-0001' as never, createdAt, status: 'waiting_agent' });
    await refreshReportRow(conn, 'KN-2911-0001');
    await conn.collection('tickets').updateOne({ _id: 'KN-2911-0001' as never }, { $set: { status: 'closed', closedAt: new Date('2026-11-29T05:00:00Z') } });
    await refreshReportRow(conn, 'KN-2911-0001');
    const rows = await readReportRows(conn, [reportDayOf(createdAt)]);
    expect(rows.map((r) => r.status)).to.deep.equal(['closed']);
  });

  // Numbers are not reset per year, so a day's codes can start anywhere (here at 300).
  it('a busy day is kept in parts no bigger than the limit, and reads whole', async () => {
    const createdAt = new Date('2026-11-28T03:00:00Z');
    const codes = Array.from({ length: 150 }, (_, i) => `KN-2811-${String(300 + i).padStart(4, '0')}`);
    await conn.collection('tickets').insertMany(codes.map((c, i) => ({ _id: c as never, createdAt, status: i % 3 ? 'closed' : 'open' })));
    await Promise.all(codes.map((c) => refreshReportRow(conn, c)));
    const rows = await readReportRows(conn, [reportDayOf(createdAt)]);
    expect(rows).to.have.length(150);
    expect(rows.filter((r) => r.status === 'open')).to.have.length(50);
    const docs = await conn.collection('report_days').find({ _id: { $regex: '^2026-11-28' } as never }).toArray();
    expect(docs.length).to.be.greaterThan(2);
    for (const d of docs) expect(Object.keys(d.rows ?? {}).length).to.be.at.most(ROWS_PER_PART);
  });

  it('a day written whole before parts existed: a ticket changed since shows its new row, once', async () => {
    const createdAt = new Date('2026-11-27T03:00:00Z');
    const day = reportDayOf(createdAt);
    const old = (status: string) => JSON.stringify([createdAt.getTime(), '', status, '', '', 0, 0, 0, 0, 0, 0, 0, 0]);
    await conn.collection('report_days').insertOne({ _id: day as never, rows: { 'KN-2711-0001': old('open'), 'KN-2711-0100': old('open') } });
    await conn.collection('tickets').insertOne({ _id: 'KN-2711-0100' as never, createdAt, status: 'closed' });
    await refreshReportRow(conn, 'KN-2711-0100');
    const rows = await readReportRows(conn, [day]);
    expect(rows.map((r) => r.status).sort()).to.deep.equal(['closed', 'open']);
  });
});

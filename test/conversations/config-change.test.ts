import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorld, World, converse, allText, ticketOf, nextPhone, nextSerial } from './harness';
import { testDatabaseUri } from '../support/database';
import { complaintScript } from './complaint-script';

// An operator edits config/ while conversations are open; the bot reads config/ when it starts.
// A conversation saved before the restart continues on the new config (the snapshot carries none).

const CONFIG_DIR = path.resolve(__dirname, '..', '..', 'config');
const SOLD_AT = '2026-11-20T09:15:00+07:00';
const MINH_ANH = { name: 'Đại lý Minh Anh', address: '12 Lê Lợi, Q.1, TP.HCM' };

describe('a config edit reaches a conversation already open', function () {
  this.timeout(60000);
  let dir: string;
  let world: World | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qpal-config-'));
    for (const f of ['procedure.json', 'holidays.json', 'business-hours.json']) cpSync(path.join(CONFIG_DIR, f), path.join(dir, f));
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the exchange point the operator put in config/ after the complaint began', async () => {
    const file = path.join(dir, 'procedure.json');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const oldName: string = before.exchangePoints[0].name;
    const env = { MONGODB_URI: await testDatabaseUri('conv_config'), PROCEDURE_CONFIG_DIR: dir };

    world = await startWorld(env);
    const serial = nextSerial();
    world.issuer.put(
      { serial, denomination: 50000, status: 'used', activatedAt: '2026-10-01T08:00:00+07:00', soldAt: SOLD_AT, soldBy: MINH_ANH, usedAt: '2026-11-19T10:02:00+07:00', usedBy: { service: 'Naruto Đại Chiến', account: 'ninja_2010' } },
      [{ id: `TP-${serial}`, at: '2026-11-24T20:00:00+07:00', service: 'Naruto Đại Chiến', account: 'ninja_2010', result: 'failed', error: 'card_used' }],
    );
    const conv = `config-change-${serial}`;
    const opened = await converse(world.app, conv, complaintScript({ situation: 'thẻ đã được sử dụng', serial, phone: nextPhone() }));
    // Used before it was sold: the bot asks for the card shell before promising an exchange.
    expect(allText(opened)).to.match(/xác thẻ/);
    expect(allText(opened)).to.not.include(oldName);
    await world.close();
    world = undefined;

    // The operator replaces the exchange points; the bot restarts and reads config/ again.
    const newPoint = { name: 'Qpal - Điểm đổi thẻ Đà Nẵng', address: '5 Bạch Đằng, Hải Châu, Đà Nẵng' };
    writeFileSync(file, JSON.stringify({ ...before, exchangePoints: [newPoint] }, null, 2));
    world = await startWorld(env);

    const continued = await converse(world.app, conv, ['còn giữ']);
    const text = allText(continued);
    expect(text).to.include(newPoint.name).and.include(newPoint.address);
    expect(text).to.not.include(oldName);
    const ticket = await ticketOf(world.app, conv);
    expect(ticket?.resolution, text).to.equal('used_before_purchase');
  });
});

import { expect } from 'chai';
import { MACHINE_VERSION } from '../../machines/complaint/machine';
import { persist, restoreOrStart } from '../../machines/complaint/persistence';
import type { SayEvent } from '../../machines/complaint/types';
import { at, FINDINGS, intake, TEST_CONFIG, untilCardCheck } from './fixtures';

const input = { complaintId: 'C-1', config: TEST_CONFIG };

function collect() {
  const says: SayEvent[] = [];
  return { says, onSay: (e: SayEvent) => says.push(e) };
}

/** What the bot stores: the persisted snapshot goes through JSON (MongoDB). */
function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describe('snapshot persistence', () => {
  it('starts a new complaint and delivers the greeting to a listener attached before start', () => {
    const { says, onSay } = collect();
    const { actor, restarted } = restoreOrStart(undefined, input, onSay);
    expect(restarted).to.equal(false);
    expect(says.map((s) => s.key)).to.deep.equal(['outcome:greeting']);
    expect(actor.getSnapshot().hasTag('ask:situation')).to.equal(true);
  });

  it('restores where the complaint was, without greeting again, and keeps emitting', () => {
    const first = restoreOrStart(undefined, input);
    for (const e of intake('failed_card_used').slice(0, 4)) first.actor.send(at(e));
    const saved = roundTrip(persist(first.actor));
    expect(saved.version).to.equal(MACHINE_VERSION);

    const { says, onSay } = collect();
    const { actor, restarted } = restoreOrStart(saved, { complaintId: 'ignored', config: TEST_CONFIG }, onSay);
    expect(restarted).to.equal(false);
    expect(says).to.deep.equal([]);
    expect(actor.getSnapshot().hasTag('ask:serial')).to.equal(true);
    expect(actor.getSnapshot().context.complaintId).to.equal('C-1');
    expect(actor.getSnapshot().context.fields.denomination).to.equal(50000);

    actor.send(at({ type: 'CANCEL' }));
    expect(says.map((s) => s.key)).to.deep.equal(['outcome:cancelled']);
  });

  it('saves no ProcedureConfig: a restored complaint runs on the config given now', () => {
    const first = restoreOrStart(undefined, input);
    for (const e of untilCardCheck('failed_card_used')) first.actor.send(at(e));
    first.actor.send(at({ type: 'TICKET_CREATED', code: 'KN-2511-0001' }));
    const saved = roundTrip(persist(first.actor));
    expect(JSON.stringify(saved)).to.not.include('Điểm A');
    expect((saved.snapshot as { context: object }).context).to.not.have.property('config');

    // An operator replaced the exchange points in config/ meanwhile.
    const edited = { ...TEST_CONFIG, exchangePoints: [{ name: 'Điểm mới Đà Nẵng', address: '5 Bạch Đằng, Đà Nẵng' }] };
    const { says, onSay } = collect();
    const { actor, restarted } = restoreOrStart(saved, { complaintId: 'ignored', config: edited }, onSay);
    expect(restarted).to.equal(false);
    expect(actor.getSnapshot().context.config).to.equal(edited);
    actor.send(at({ type: 'CARD_CHECKED', findings: FINDINGS.usedBeforeSale }));
    actor.send(at({ type: 'ANSWER', field: 'cardShell', value: true }));
    const points = says.find((s) => s.key === 'outcome:exchangePoints');
    expect(String(points?.vars?.points)).to.include('Điểm mới Đà Nẵng').and.not.include('Điểm A');
    expect(JSON.stringify(roundTrip(persist(actor)))).to.not.include('Điểm mới');
  });

  it('restores a snapshot saved with its config inside (older bots), using the config given now', () => {
    const first = restoreOrStart(undefined, input);
    for (const e of intake('failed_card_used').slice(0, 4)) first.actor.send(at(e));
    const old = roundTrip({ version: MACHINE_VERSION, snapshot: first.actor.getPersistedSnapshot() });
    expect(JSON.stringify(old)).to.include('Điểm A');
    const edited = { ...TEST_CONFIG, maxMisses: 1, calendar: { ...TEST_CONFIG.calendar, holidays: ['2026-11-26'] } };
    const { actor, restarted } = restoreOrStart(old, { complaintId: 'ignored', config: edited });
    expect(restarted).to.equal(false);
    expect(actor.getSnapshot().hasTag('ask:serial')).to.equal(true);
    expect(actor.getSnapshot().context.config).to.deep.equal(edited);
    expect(actor.getSnapshot().context.fields.denomination).to.equal(50000);
  });

  it('restores a finished complaint as finished', () => {
    const first = restoreOrStart(undefined, input);
    first.actor.send(at({ type: 'CANCEL' }));
    const { actor, restarted } = restoreOrStart(roundTrip(persist(first.actor)), input);
    expect(restarted).to.equal(false);
    expect(actor.getSnapshot().status).to.equal('done');
  });

  it('starts over when the snapshot comes from another machine version', () => {
    const first = restoreOrStart(undefined, input);
    first.actor.send(at({ type: 'ANSWER', field: 'situation', value: 'other' }));
    const saved = { ...roundTrip(persist(first.actor)), version: MACHINE_VERSION + 1 };
    const { says, onSay } = collect();
    const { actor, restarted } = restoreOrStart(saved, input, onSay);
    expect(restarted).to.equal(true);
    expect(actor.getSnapshot().hasTag('ask:situation')).to.equal(true);
    expect(actor.getSnapshot().context.situation).to.equal(undefined);
    expect(says.map((s) => s.key)).to.deep.equal(['outcome:greeting']);
  });

  it('starts over when the snapshot names a state that no longer exists, or is not a snapshot', async () => {
    const saved = roundTrip(persist(restoreOrStart(undefined, input).actor));
    const renamed = { ...saved, snapshot: { ...(saved.snapshot as object), value: { bot: { removedState: 'asking' } } } };
    for (const bad of [renamed, { version: MACHINE_VERSION, snapshot: { nonsense: true } }, { version: MACHINE_VERSION, snapshot: null }]) {
      const { actor, restarted } = restoreOrStart(bad, input);
      expect(restarted).to.equal(true);
      expect(actor.getSnapshot().status).to.equal('active');
      expect(actor.getSnapshot().hasTag('ask:situation')).to.equal(true);
    }
    // XState reports actor errors asynchronously when nobody listens: none may escape.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

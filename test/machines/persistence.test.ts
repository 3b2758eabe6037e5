import { expect } from 'chai';
import { MACHINE_VERSION } from '../../machines/complaint/machine';
import { persist, restoreOrStart } from '../../machines/complaint/persistence';
import type { SayEvent } from '../../machines/complaint/types';
import { at, intake, TEST_CONFIG } from './fixtures';

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

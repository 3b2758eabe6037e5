// Conversations outlive deployments: a snapshot saved by an older machine may name states that no
// longer exist. Rather than guess, such a complaint starts over and the bot says so.
// The ProcedureConfig is not part of what is saved: a restored complaint runs on the config the bot
// has now (input.config), so a holiday or exchange point edited in config/ reaches conversations
// already open. Snapshots saved with a config inside still restore; theirs is ignored.
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import { complaintMachine, MACHINE_VERSION } from './machine';
import type { ComplaintContext, ComplaintInput, ProcedureConfig, SayEvent } from './types';

export interface PersistedComplaint {
  version: number;
  snapshot: unknown;
}

export type ComplaintActor = Actor<typeof complaintMachine>;

function startActor(
  input: ComplaintInput,
  onSay: ((e: SayEvent) => void) | undefined,
  snapshot?: Snapshot,
): ComplaintActor {
  const actor = createActor(complaintMachine, snapshot ? { snapshot: withConfig(snapshot, input.config), input } : { input });
  // Emitted events are delivered synchronously during start(): a listener attached afterwards would
  // miss the greeting.
  if (onSay) actor.on('say', onSay);
  // Without an error observer XState rethrows an actor's error asynchronously, crashing the bot
  // for a bad snapshot that we are about to replace anyway.
  actor.subscribe({ error: () => undefined });
  actor.start();
  return actor;
}

/**
 * Continues a saved complaint, or starts a new one. `restarted` is true when a saved complaint
 * existed but could not be continued (other machine version, or a snapshot XState rejects).
 */
export function restoreOrStart(
  persisted: PersistedComplaint | undefined,
  input: ComplaintInput,
  onSay?: (e: SayEvent) => void,
): { actor: ComplaintActor; restarted: boolean } {
  if (!persisted) return { actor: startActor(input, onSay), restarted: false };
  if (persisted.version === MACHINE_VERSION && persisted.snapshot && typeof persisted.snapshot === 'object') {
    try {
      const actor = startActor(input, onSay, persisted.snapshot as Snapshot);
      if (actor.getSnapshot().status !== 'error') return { actor, restarted: false };
      actor.stop();
    } catch {
      // fall through to a fresh complaint
    }
  }
  return { actor: startActor(input, onSay), restarted: true };
}

type Snapshot = SnapshotFrom<typeof complaintMachine>;

/** The saved snapshot with today's config in its context (XState restores context as given). */
function withConfig(snapshot: Snapshot, config: ProcedureConfig): Snapshot {
  const context = (snapshot as { context?: unknown }).context;
  if (!context || typeof context !== 'object') return snapshot; // XState rejects it: a fresh start follows
  return { ...snapshot, context: { ...(context as ComplaintContext), config } } as Snapshot;
}

export function persist(actor: ComplaintActor): PersistedComplaint {
  const snapshot = actor.getPersistedSnapshot() as { context?: Partial<ComplaintContext> };
  const { config: _config, ...context } = snapshot.context ?? {};
  return { version: MACHINE_VERSION, snapshot: { ...snapshot, context } };
}

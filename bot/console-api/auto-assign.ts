import type { Connection } from 'mongoose';
import { agentModel } from '../../models/agent';
import { readAssignmentSettings } from '../../models/console-settings';
import type { Logger } from '../logging/logger';
import type { Agent } from './auth';
import type { ConsoleCases } from './cases';

/**
 * Automatic round robin (when the admins turn it on): each case nobody holds goes, earliest
 * deadline first, to the next agent who has the console open and holds fewer cases than the
 * capacity. Runs when a case starts waiting, when an agent opens the console, and when a case
 * changes (a closed case frees a place); one pass at a time, a change meanwhile asks for another.
 */
export class AutoAssign {
  private running = false;
  private again = false;
  private lastAgent = '';

  constructor(
    private readonly deps: { conn: Connection; cases: ConsoleCases; log: Logger; online: () => string[] },
  ) {}

  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass()
      .catch((err: Error) => this.deps.log.warn({ err: { message: err.message } }, 'automatic assignment failed'))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async pass(): Promise<void> {
    // Nobody with the console open: nothing to give, and no read (this runs at every ticket change).
    const onlineIds = [...new Set(this.deps.online())].sort();
    if (!onlineIds.length) return;
    const settings = await readAssignmentSettings(this.deps.conn);
    if (!settings.auto) return;
    const agents = await agentModel(this.deps.conn).find({ _id: { $in: onlineIds }, active: true }, { displayName: 1, role: 1 }).lean();
    if (!agents.length) return;
    const someone: Agent = { id: agents[0]._id, name: agents[0].displayName, role: agents[0].role };
    const all = await this.deps.cases.queue(someone, 'all');
    const load = new Map<string, number>(agents.map((a) => [a._id, 0]));
    for (const i of all) if (i.heldBy && load.has(i.heldBy.id)) load.set(i.heldBy.id, load.get(i.heldBy.id)! + 1);
    const order = agents.map((a) => a._id).sort();
    for (const item of all.filter((i) => !i.heldBy)) {
      // The agent after the last one given a case, skipping those at capacity.
      const start = order.findIndex((id) => id > this.lastAgent);
      const ring = [...order.slice(start < 0 ? 0 : start), ...order.slice(0, start < 0 ? 0 : start)];
      const next = ring.find((id) => load.get(id)! < settings.capacity);
      if (!next) return;
      try {
        await this.deps.cases.assign('system', item.code, next);
        load.set(next, load.get(next)! + 1);
        this.lastAgent = next;
      } catch {
        // taken meanwhile, or no longer waiting: the next case
      }
    }
  }
}

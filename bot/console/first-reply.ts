import type { Connection } from 'mongoose';
import { recordFirstHumanReply } from '../../models/ticket-first-reply';
import type { Metrics } from '../metrics';

/** The first-response service level ends with the first message a person sends; timed once. */
export async function firstHumanReply(
  deps: { conn: Connection; clock: () => Date; metrics?: Pick<Metrics, 'firstResponseSeconds'> },
  code: string,
): Promise<void> {
  const at = deps.clock();
  const first = await recordFirstHumanReply(deps.conn, code, at);
  if (first?.handedOffAt) deps.metrics?.firstResponseSeconds.observe(Math.max(0, at.getTime() - new Date(first.handedOffAt).getTime()) / 1000);
}

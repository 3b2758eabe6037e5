/**
 * The platform will not deliver this message, and retrying will not change that: the customer's
 * messaging window is closed (Messenger: 24 h, 7 days for a human agent; Zalo: 7 days), or the
 * customer cannot be reached (blocked the Page, left the OA). An agent's action that hits it
 * rejects with it (AgentDesk.act), so the console can tell the agent; the transcript entry of the
 * message is marked undeliverable.
 */
export class UndeliverableError extends Error {
  constructor(
    readonly channel: string,
    readonly reason: 'outside_window' | 'recipient_unavailable',
    detail: string,
    readonly code?: string | number,
  ) {
    super(`${channel}: message undeliverable (${reason}): ${detail}`);
    this.name = 'UndeliverableError';
  }
}

/** A platform refused a send for another reason (bad token, bad request…), after any retries. */
export class ChannelSendError extends Error {
  constructor(
    readonly channel: string,
    detail: string,
    readonly code?: string | number,
    readonly status?: number,
  ) {
    super(`${channel}: send failed: ${detail}`);
    this.name = 'ChannelSendError';
  }
}

// The customer's own account of what happened, kept verbatim for the agent.

import { isEmptyOrNoise, normalizeInput } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const STATUS_REASONS = ['empty', 'too_long'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

const MAX_LENGTH = 1000;

export function parseStatusText(text: string): Ok<string> | Fail<StatusReason> {
  const status = normalizeInput(text);
  if (isEmptyOrNoise(status)) return fail('empty');
  if (status.length > MAX_LENGTH) return fail('too_long');
  return ok(status);
}

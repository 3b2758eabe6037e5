// Where the card was bought: the shop's name and address as free text (kept for the agent and for
// the point-of-sale fraud check). Only clearly empty or overlong answers are refused.

import { normalizeInput } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const PLACE_REASONS = ['too_short', 'too_long'] as const;
export type PlaceReason = (typeof PLACE_REASONS)[number];

const MIN_LETTERS = 3;
const MAX_LENGTH = 300;

export function parsePurchasePlace(text: string): Ok<string> | Fail<PlaceReason> {
  const place = normalizeInput(text);
  if ((place.match(/\p{L}/gu) ?? []).length < MIN_LETTERS) return fail('too_short');
  if (place.length > MAX_LENGTH) return fail('too_long');
  return ok(place);
}

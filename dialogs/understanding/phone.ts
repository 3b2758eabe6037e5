// The callback number must be a Vietnamese mobile: Qpal calls or texts it back. The "max"
// metadata is needed: the default build accepts the retired 11-digit 01xx numbers and cannot tell
// 1900 premium numbers or 028 landlines from mobiles (research/libs.md §4).

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Fail, Ok, fail, ok } from './result';

export const PHONE_REASONS = ['not_a_phone', 'not_mobile', 'too_short', 'too_long', 'invalid'] as const;
export type PhoneReason = (typeof PHONE_REASONS)[number];

// Digits with the separators people put in numbers: "0912 345 678", "(+84) 912-345-678".
// Linear time: one fixed prefix, then digits each preceded by separators (no two adjacent
// unbounded runs that can split the same spaces, which made the old pattern cubic).
const CANDIDATE = /\+?\s?\(?\s?\+?\d(?:[\s.()-]*\d)*/g;
const NATIONAL_LENGTH = 9;

function nationalDigits(digits: string): string {
  if (digits.startsWith('84') && digits.length >= 11) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

export function parsePhone(text: string): Ok<string> | Fail<PhoneReason> {
  const candidates = text.normalize('NFC').match(CANDIDATE) ?? [];
  // The longest digit run is the number; short ones are stray ("số 2", "ạ 1").
  const candidate = candidates.sort((a, b) => b.replace(/\D/g, '').length - a.replace(/\D/g, '').length)[0];
  if (candidate === undefined || candidate.replace(/\D/g, '').length < 3) return fail('not_a_phone');

  const compact = candidate.replace(/[^\d+]/g, '');
  const number = parsePhoneNumberFromString(compact, 'VN');
  if (number?.isValid()) {
    if (number.countryCallingCode !== '84') return fail('not_mobile');
    const type = number.getType();
    return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? ok(number.number) : fail('not_mobile');
  }
  // Extra digits are reported, not trimmed: a truncated guess would call the wrong person.
  const national = nationalDigits(compact.replace(/\D/g, ''));
  if (national.length < NATIONAL_LENGTH) return fail('too_short');
  // Ten national digits starting with 1 is the pre-2018 11-digit mobile plan: a real but retired number.
  if (national.length === 10 && national.startsWith('1')) return fail('invalid');
  if (national.length > NATIONAL_LENGTH) return fail('too_long');
  return fail('invalid');
}

/** "+84912345678" → "0912 345 678": how Vietnamese people write their own number. */
export function formatPhoneNational(e164: string): string {
  return parsePhoneNumberFromString(e164, 'VN')?.formatNational() ?? e164;
}

/** "+84912345678" → "+84 91* *** 678": enough for the customer to recognise it, no more. */
export function maskPhone(e164: string): string {
  const hasCountry = e164.startsWith('+84');
  const national = hasCountry ? e164.slice(3) : e164.replace(/\D/g, '');
  const keepHead = 2;
  const keepTail = 3;
  const masked = [...national]
    .map((d, i) => (i < keepHead || i >= national.length - keepTail ? d : '*'))
    .join('');
  const groups = masked.match(/.{1,3}/g) ?? [];
  return [hasCountry ? '+84' : '', ...groups].filter(Boolean).join(' ');
}

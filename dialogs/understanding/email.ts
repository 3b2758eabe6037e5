// The e-mail address is optional (Step 4 confirmation): declining is a valid answer and is
// returned as `null`, distinct from an unreadable address.

import { toWords } from './normalize';
import { Fail, Ok, fail, ok } from './result';

export const EMAIL_REASONS = ['not_an_email'] as const;
export type EmailReason = (typeof EMAIL_REASONS)[number];

const ADDRESS = /(?<![\p{L}\p{N}._%+-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9_])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?![\p{L}\p{N}])/u;

// Teen-code is expanded first: "ko co", "k" arrive as "khong co", "khong".
const SKIP_PHRASES = [
  'khong co', 'khong', 'bo qua', 'skip', 'thoi', 'khong can', 'khong dung', 'chua co', 'no', 'none', 'ko',
  'khong co email', 'khong co mail', 'khong dung email', 'khong dung mail', 'khong can email', 'khong can dau',
  'bo qua buoc nay', 'thoi khong can', 'khong co dau', 'khong a', 'de sau',
];
const PARTICLES = /\b(?:a|nhe|nha|oi|em|anh|chi|minh|toi|ban|ad|shop|ak|ah)\b/g;

export function parseEmail(text: string): Ok<string | null> | Fail<EmailReason> {
  const lowered = text.normalize('NFC').toLowerCase().replace(/^mailto:/, '');
  const match = ADDRESS.exec(lowered);
  if (match) {
    if (match[0].includes('..')) return fail('not_an_email');
    return ok(match[0]);
  }
  if (!lowered.includes('@')) {
    const words = toWords(text).replace(PARTICLES, ' ').replace(/\s+/g, ' ').trim();
    if (SKIP_PHRASES.includes(words)) return ok(null);
  }
  return fail('not_an_email');
}

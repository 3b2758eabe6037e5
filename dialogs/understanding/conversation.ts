// Messages that are not part of a complaint: questions the FAQ answers, and the thanks and small
// talk that end a chat. Both are read with the operator's phrasings (vocabulary.json).

import { isNegated, longestHit, tokensOf } from './phrases';
import { FAQ_TOPICS, SMALLTALK_KINDS, type FaqTopic, type SmalltalkKind, type Vocabulary } from './vocabulary';

const MAX_SMALLTALK_TOKENS = 10;
// Words a question may put between the words of a phrasing ("thẻ bit nạp được những game nào").
const FAQ_GAP = 2;
// Emoji that say "ok"/"thanks"; a crying or angry face is not an acknowledgement.
const ACK_EMOJI = /^[\s👍👌🙏❤♥😊🙂😁🥰😍️]+$/u;

/** The FAQ topic a message asks about (the longest phrasing found wins). */
export function faqTopicOf(text: string, vocab: Vocabulary): FaqTopic | undefined {
  const tokens = tokensOf(text);
  let best: { topic: FaqTopic; length: number } | undefined;
  for (const topic of FAQ_TOPICS) {
    const hit = longestHit(tokens, vocab.faq[topic], FAQ_GAP);
    if (hit && !isNegated(tokens, hit) && (!best || hit.length > best.length)) best = { topic, length: hit.length };
  }
  return best?.topic;
}

/** Thanks, goodbye, a plain "ok" or a hello, in a short message that says nothing else. */
export function smalltalkOf(text: string, vocab: Vocabulary): SmalltalkKind | undefined {
  const tokens = tokensOf(text);
  if (tokens.length > MAX_SMALLTALK_TOKENS) return undefined;
  if (tokens.length === 0) return ACK_EMOJI.test(text) ? 'ack' : undefined;
  // One stray letter ("ữ") is not an "ok".
  if ((text.match(/[\p{L}\p{N}]/gu) ?? []).length <= 1) return undefined;
  let best: { kind: SmalltalkKind; covered: number } | undefined;
  for (const kind of SMALLTALK_KINDS) {
    const hit = longestHit(tokens, vocab.smalltalk[kind]);
    if (!hit) continue;
    // Thanks and goodbyes may come with anything polite around them; "ok"/"chào" must be (almost) all.
    const enough = kind === 'thanks' || kind === 'bye' || tokens.length - hit.length <= 2;
    if (enough && (!best || hit.length > best.covered)) best = { kind, covered: hit.length };
  }
  return best?.kind;
}

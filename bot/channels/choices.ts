import type { Activity } from 'botbuilder';
import { nfc } from './text';

// The bot offers answers as Bot Framework suggested actions. A platform shows them as buttons when
// they fit its limits (Messenger: 13 quick replies; Zalo: 5 buttons); otherwise the options are
// listed as numbered lines under the question, and the customer types the number (or the text).

/** The titles of the suggested actions of an outbound activity, in order. */
export function choiceTitles(a: Partial<Activity>): string[] {
  return (a.suggestedActions?.actions ?? [])
    .map((x) => String(x.title ?? x.value ?? '').trim())
    .filter((t) => t.length > 0);
}

/** The question followed by one numbered line per option. */
export function withNumberedChoices(text: string, titles: readonly string[]): string {
  const list = titles.map((t, i) => `${i + 1}. ${t}`).join('\n');
  return text ? `${text}\n\n${list}` : list;
}

export interface ChoiceLayout {
  /** The text to send (NFC), with the options appended as numbered lines when they do not fit. */
  text: string;
  /** Options to show as the platform's buttons; undefined when none, or listed as text. */
  buttons?: string[];
  /** Options listed as numbered lines: "3" from the customer means the third. */
  numbered?: string[];
}

/** Decides between the platform's buttons (at most `limit`) and numbered lines. */
export function layoutChoices(a: Partial<Activity>, limit: number): ChoiceLayout {
  const titles = choiceTitles(a).map(nfc);
  const text = nfc(a.text ?? '');
  if (titles.length > limit) return { text: withNumberedChoices(text, titles), numbered: titles };
  return { text, buttons: titles.length ? titles : undefined };
}

const NUMBER = /^\s*(?:số\s*)?(\d{1,2})\s*[.)]?\s*$/iu;

/**
 * The numbered options last listed to each conversation, so the next message "3" becomes the third
 * option's text. Only the very next customer message is read this way: after that, a bare number
 * is an answer in its own right. Kept in memory (bounded): after a restart the bot's own parser
 * still reads "3" for most questions.
 */
export class NumberedChoices {
  private readonly lists = new Map<string, string[]>();

  constructor(private readonly capacity = 10_000) {}

  remember(conversation: string, titles: readonly string[]): void {
    this.lists.delete(conversation);
    this.lists.set(conversation, [...titles]);
    if (this.lists.size > this.capacity) this.lists.delete(this.lists.keys().next().value as string);
  }

  /** The customer's text, or the option it numbers; forgets the list either way. */
  resolve(conversation: string, text: string): string {
    const list = this.lists.get(conversation);
    if (!list) return text;
    this.lists.delete(conversation);
    const m = NUMBER.exec(text);
    const n = m ? Number(m[1]) : 0;
    return n >= 1 && n <= list.length ? list[n - 1] : text;
  }
}

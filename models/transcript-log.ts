import { createHash } from 'node:crypto';
import { Types, type Connection, type Model } from 'mongoose';
import { caseKeysReady, legacyEntries } from './case-keys';
import { appendSlots, readSlots } from './slot-log';
import { compact } from './compact';
import { transcriptModel, type TranscriptEntry } from './transcript';

/**
 * A conversation's transcript as one slot list (models/slot-log.ts), so the case view reads it by
 * _id: `{conversation}` makes FerretDB decode every transcript entry of every conversation (over
 * 60 s at 2,000,000 entries). The key is a hash of the conversation key, so an entry's _id is safe
 * in a URL (the console's retry names it) whatever the channel's conversation ids contain.
 */
export function transcriptKey(conversation: string): string {
  return `t${createHash('sha256').update(conversation).digest('hex').slice(0, 20)}`;
}

type Keyed = TranscriptEntry & { _id: string };

/**
 * The entry as the schema stores it, built here rather than as a mongoose document: every message
 * is written this way, and the document showed in the CPU profile of every turn. Missing fields are
 * left out, as mongoose leaves them. The text comes from outside: anything but a string is stored
 * as its string.
 */
function storedEntry(e: TranscriptEntry): TranscriptEntry {
  return compact({
    ...e,
    text: typeof e.text === 'string' ? e.text : String(e.text ?? ''),
    choices: e.choices?.map(String),
    at: new Date(e.at),
    files: e.files?.map((f) => compact({ ...f })),
  });
}

/** Writes entries of one conversation in order; returns them with their _ids. */
export function appendTranscript(transcripts: Model<TranscriptEntry>, conversation: string, entries: TranscriptEntry[]): Promise<Keyed[]> {
  return appendSlots(transcripts.db, transcripts as unknown as Model<Keyed>, transcriptKey(conversation), entries.map(storedEntry), { raw: true });
}

/** The latest `last` entries of a conversation, oldest first, each with its id. */
export async function conversationTranscript(conn: Connection, conversation: string, last: number, projection: Record<string, 0 | 1>): Promise<Array<TranscriptEntry & { id: string }>> {
  const Transcript = transcriptModel(conn);
  let entries: Array<TranscriptEntry & { _id?: unknown }>;
  if (!(await caseKeysReady(conn))) {
    entries = (await Transcript.find({ conversation }, projection).sort({ at: -1, _id: -1 }).limit(last).lean<TranscriptEntry[]>()).reverse();
  } else {
    const [legacy, listed] = await Promise.all([
      legacyEntries<TranscriptEntry>(conn, 'transcripts', `transcript:${conversation}`, projection, last),
      readSlots(conn, Transcript, transcriptKey(conversation), { last, projection }),
    ]);
    entries = [...legacy, ...listed]
      .filter((e) => e.conversation === conversation)
      .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
      .slice(-last);
  }
  return entries.map((e) => ({ ...e, id: String(e._id) }));
}

/** The stored _id of a transcript entry named in a request, or undefined for anything else. */
export function transcriptEntryId(id: string): Types.ObjectId | string | undefined {
  if (/^[0-9a-f]{24}$/.test(id)) return new Types.ObjectId(id);
  if (/^t[0-9a-f]{20}:\d{1,9}$/.test(id)) return id;
  return undefined;
}

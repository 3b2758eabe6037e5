import { Schema, Connection, Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

// OAuth tokens of a channel account (the Zalo OA). Zalo's refresh token is single-use: each
// refresh returns a new one and burns the old, so two refreshes at once (two processes, two
// conversations) would lock the OA out until an admin re-authorises. Everything here is therefore
// decided by inserts of unique _ids, never by read-modify-write (FerretDB's findAndModify and
// updates are not atomic; an insert of an existing _id fails on FerretDB and MongoDB alike):
//
//   <channel>:<account>:g<N>            token generation N (append-only chain; the highest is current)
//   <channel>:<account>:g<N>:claim<K>   lease K: the right to spend generation N's refresh token
//   <channel>:<account>:seed:<hash>     a refresh token given by the operator was added to the chain
//
// Whoever inserts lease K of generation N alone calls the OAuth server and then inserts generation
// N+1. A failed attempt is marked failed so lease K+1 may be taken; a lease left by a crashed
// process counts as failed once stale. (Leases are stored with kind "claim" and ids ":claim<K>",
// as before "claim" came to mean only an agent's hold on a case: running databases keep working.)
export type ChannelTokenKind = 'token' | 'claim' | 'seed';

export interface ChannelTokenDoc {
  _id: string;
  channel: string;
  account: string;
  kind: ChannelTokenKind;
  generation?: number;
  accessToken?: string;
  refreshToken?: string;
  /** When the access token stops working (absent: it must be refreshed before use). */
  expiresAt?: Date;
  attempt?: number;
  /** Process that holds a lease (diagnostics). */
  holder?: string;
  failedAt?: Date;
  failure?: string;
  createdAt: Date;
}

const schema = new Schema<ChannelTokenDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    account: { type: String, required: true },
    kind: { type: String, enum: ['token', 'claim', 'seed'], required: true },
    generation: Number,
    accessToken: String,
    refreshToken: String,
    expiresAt: Date,
    attempt: Number,
    holder: String,
    failedAt: Date,
    failure: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'channel_tokens', versionKey: false },
);
schema.index({ channel: 1, account: 1, kind: 1, generation: -1, attempt: -1 });

export function channelTokenModel(conn: Connection): Model<ChannelTokenDoc> {
  return (conn.models.ChannelToken as Model<ChannelTokenDoc>) ?? conn.model<ChannelTokenDoc>('ChannelToken', schema);
}

const tokenId = (channel: string, account: string, generation: number) => `${channel}:${account}:g${generation}`;
const leaseId = (channel: string, account: string, generation: number, attempt: number) =>
  `${tokenId(channel, account, generation)}:claim${attempt}`;

/** Inserts `doc`; false when its _id exists already (someone else won). */
async function insertUnique(conn: Connection, doc: ChannelTokenDoc): Promise<boolean> {
  try {
    await channelTokenModel(conn).collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The current (highest) token generation of an account, or null before the first one. */
export async function latestToken(conn: Connection, channel: string, account: string): Promise<ChannelTokenDoc | null> {
  return channelTokenModel(conn)
    .findOne({ channel, account, kind: 'token' })
    .sort({ generation: -1 })
    .lean<ChannelTokenDoc>()
    .exec();
}

export async function insertTokenGeneration(
  conn: Connection,
  t: { channel: string; account: string; generation: number; accessToken?: string; refreshToken: string; expiresAt?: Date },
): Promise<boolean> {
  return insertUnique(conn, { _id: tokenId(t.channel, t.account, t.generation), kind: 'token', createdAt: new Date(), ...t });
}

/** The last lease on a generation's refresh token, or null when nobody tried to spend it yet. */
export async function latestRefreshLease(conn: Connection, channel: string, account: string, generation: number): Promise<ChannelTokenDoc | null> {
  return channelTokenModel(conn)
    .findOne({ channel, account, kind: 'claim', generation })
    .sort({ attempt: -1 })
    .lean<ChannelTokenDoc>()
    .exec();
}

/** Tries to take attempt `attempt` at spending generation `generation`'s refresh token. */
export async function insertRefreshLease(
  conn: Connection,
  c: { channel: string; account: string; generation: number; attempt: number; holder: string },
): Promise<string | undefined> {
  const _id = leaseId(c.channel, c.account, c.generation, c.attempt);
  return (await insertUnique(conn, { _id, kind: 'claim', createdAt: new Date(), ...c })) ? _id : undefined;
}

/** Only the holder writes its lease, so this plain update races with nobody. */
export async function failRefreshLease(conn: Connection, id: string, failure: string): Promise<void> {
  await channelTokenModel(conn).updateOne({ _id: id }, { $set: { failedAt: new Date(), failure } }).exec();
}

/** Records that the operator's refresh token `hash` was added; false when it was already. */
export async function recordSeed(conn: Connection, channel: string, account: string, hash: string): Promise<boolean> {
  return insertUnique(conn, { _id: `${channel}:${account}:seed:${hash}`, channel, account, kind: 'seed', createdAt: new Date() });
}

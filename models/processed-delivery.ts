import { Schema, Connection, Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';

// Messages a channel webhook has already accepted, so a platform's re-delivery (Messenger re-sends
// when an answer is slow or lost, Zalo retries for hours) is answered once, also after a restart.
// The record is an insert of the message id as _id: the unique _id decides, so two deliveries of
// the same message arriving at once (or at two processes) cannot both win. This holds on MongoDB
// and on FerretDB alike (no findAndModify, no transaction). FerretDB has no TTL indexes, so old
// entries are removed by `pruneDeliveries`, run on a timer by the channels.
export interface ProcessedDeliveryDoc {
  /** `<channel>:<platform message id>`, e.g. "messenger:m_AbC…", "zalo:cb31dff1c39642cc1b83". */
  _id: string;
  channel: string;
  at: Date;
}

const schema = new Schema<ProcessedDeliveryDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'processed_deliveries', versionKey: false },
);
schema.index({ at: 1 });

export function processedDeliveryModel(conn: Connection): Model<ProcessedDeliveryDoc> {
  return (
    (conn.models.ProcessedDelivery as Model<ProcessedDeliveryDoc>) ??
    conn.model<ProcessedDeliveryDoc>('ProcessedDelivery', schema)
  );
}

/**
 * Records that `messageId` of `channel` is being processed. True the first time; false when it was
 * recorded before (a re-delivery: drop it).
 */
export async function recordFirstDelivery(conn: Connection, channel: string, messageId: string, at = new Date()): Promise<boolean> {
  try {
    await processedDeliveryModel(conn).collection.insertOne({ _id: `${channel}:${messageId}`, channel, at } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Forgets deliveries recorded before `before` (platforms stop retrying long before). */
export async function pruneDeliveries(conn: Connection, before: Date): Promise<number> {
  const r = await processedDeliveryModel(conn).deleteMany({ at: { $lt: before } });
  return r.deletedCount ?? 0;
}

import { Schema, Connection, Model } from 'mongoose';
import { TOPUP_ERRORS, TOPUP_RESULTS, type Topup } from '../machines/complaint/types';

/** A top-up attempt made with a card, in the built-in card system: the contract's, without the serial (the document's key). */
export type TopupAttempt = Omit<Topup, 'serial' | 'at'> & { at: Date };

/**
 * Every attempt made with one serial, in one document keyed by the serial: the card check reads
 * them by _id, the only lookup FerretDB narrows in SQL (a filter on a `serial` field would scan
 * every attempt ever recorded). A serial may have attempts and no card (a mistyped serial).
 */
export interface TopupsDoc {
  _id: string;
  attempts: TopupAttempt[];
}

const attempt = new Schema<TopupAttempt>(
  {
    id: { type: String, required: true },
    at: { type: Date, required: true },
    service: { type: String, required: true },
    account: { type: String, required: true },
    result: { type: String, enum: TOPUP_RESULTS, required: true },
    error: { type: String, enum: TOPUP_ERRORS },
    providerAck: Boolean,
  },
  { _id: false },
);

const schema = new Schema<TopupsDoc>(
  {
    _id: { type: String, required: true },
    attempts: { type: [attempt], default: [] },
  },
  { collection: 'topups', versionKey: false },
);

export function topupModel(conn: Connection): Model<TopupsDoc> {
  return (conn.models.Topups as Model<TopupsDoc>) ?? conn.model<TopupsDoc>('Topups', schema);
}

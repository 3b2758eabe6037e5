import { Schema, Connection, Model } from 'mongoose';

/** A top-up attempt made with a card, in the built-in card system. */
export interface TopupDoc {
  /** The attempt's id as the card system shows it (e.g. "TP-88213"). */
  _id: string;
  serial: string;
  at: Date;
  service: string;
  account: string;
  result: 'success' | 'failed';
  error?: 'card_used' | 'card_not_found' | 'card_inactive' | 'wrong_code' | 'system_error';
  providerAck?: boolean;
}

const schema = new Schema<TopupDoc>(
  {
    _id: { type: String, required: true },
    serial: { type: String, required: true },
    at: { type: Date, required: true },
    service: { type: String, required: true },
    account: { type: String, required: true },
    result: { type: String, enum: ['success', 'failed'], required: true },
    error: { type: String, enum: ['card_used', 'card_not_found', 'card_inactive', 'wrong_code', 'system_error'] },
    providerAck: Boolean,
  },
  { collection: 'topups', versionKey: false },
);
schema.index({ serial: 1, at: -1 });

export function topupModel(conn: Connection): Model<TopupDoc> {
  return (conn.models.Topup as Model<TopupDoc>) ?? conn.model<TopupDoc>('Topup', schema);
}

import { Schema, Connection, Model } from 'mongoose';
import { CARD_STATUSES, type CardRecord } from '../machines/complaint/types';

/**
 * A scratch card in the built-in card system (used when no CARD_SYSTEM_URL is configured): the
 * contract's record, keyed by its normalised serial, with its times stored as dates.
 */
export type CardDoc = Omit<CardRecord, 'serial' | 'activatedAt' | 'soldAt' | 'usedAt'> & {
  _id: string;
  activatedAt?: Date;
  soldAt?: Date;
  usedAt?: Date;
};

const schema = new Schema<CardDoc>(
  {
    _id: { type: String, required: true },
    denomination: { type: Number, required: true },
    status: { type: String, enum: CARD_STATUSES, required: true },
    activatedAt: Date,
    soldAt: Date,
    soldBy: { type: new Schema({ name: { type: String, required: true }, address: String }, { _id: false }), default: undefined },
    usedAt: Date,
    usedBy: {
      type: new Schema({ service: { type: String, required: true }, account: { type: String, required: true } }, { _id: false }),
      default: undefined,
    },
  },
  { collection: 'cards', versionKey: false },
);

export function cardModel(conn: Connection): Model<CardDoc> {
  return (conn.models.Card as Model<CardDoc>) ?? conn.model<CardDoc>('Card', schema);
}

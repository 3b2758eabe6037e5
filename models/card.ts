import { Schema, Connection, Model } from 'mongoose';

/** A scratch card in the built-in card system (used when no CARD_SYSTEM_URL is configured). */
export interface CardDoc {
  /** The normalised serial. */
  _id: string;
  denomination: number;
  status: 'active' | 'used' | 'inactive' | 'locked';
  activatedAt?: Date;
  soldAt?: Date;
  soldBy?: { name: string; address?: string };
  usedAt?: Date;
  usedBy?: { service: string; account: string };
}

const schema = new Schema<CardDoc>(
  {
    _id: { type: String, required: true },
    denomination: { type: Number, required: true },
    status: { type: String, enum: ['active', 'used', 'inactive', 'locked'], required: true },
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

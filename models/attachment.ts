import { Schema, Connection, Model } from 'mongoose';

/**
 * A customer's photo or file, downloaded when it arrived (the platforms' URLs expire) and kept
 * with the conversation's transcript, which names it by _id. Size-capped (MAX_ATTACHMENT_BYTES),
 * so one document holds it on MongoDB (16 MB) and FerretDB alike.
 */
export interface AttachmentDoc {
  _id: string;
  conversation: string;
  /** Sniffed from the bytes, never the sender's claim. */
  contentType: string;
  size: number;
  data: Buffer;
  at: Date;
}

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const schema = new Schema<AttachmentDoc>(
  {
    _id: { type: String, required: true },
    conversation: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    data: { type: Buffer, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'attachments', versionKey: false },
);
schema.index({ conversation: 1, at: 1 });

export function attachmentModel(conn: Connection): Model<AttachmentDoc> {
  return (conn.models.Attachment as Model<AttachmentDoc>) ?? conn.model<AttachmentDoc>('Attachment', schema);
}

import { z } from 'zod';
import { CARD_STATUSES, TOPUP_ERRORS, TOPUP_RESULTS, type CardRecord, type Topup } from '../../machines/complaint/types';
import { compact } from '../../models/compact';

// The answers of card-system-api.md, checked field by field: Step 3 branches on these values, so
// an answer that does not match is a failed check, never something to interpret.

// Offset required ("Z" is an offset too): a time without one could be read in the wrong zone.
const isoTime = z.iso.datetime({ offset: true });

// Optional fields are "absent" in the contract; a JSON null is accepted as absent because many
// serialisers write it, and the value is dropped so records stay in the shape of the contract.
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => (v === null ? undefined : v));
}

const text = z.string().min(1);

export const cardSchema = z
  .object({
    serial: text,
    denomination: z.number().int().positive(),
    status: z.enum(CARD_STATUSES),
    activatedAt: optional(isoTime),
    soldAt: optional(isoTime),
    soldBy: optional(z.object({ name: text, address: optional(z.string()) })),
    usedAt: optional(isoTime),
    usedBy: optional(z.object({ service: text, account: text })),
  })
  .refine((c) => c.status !== 'used' || (c.usedAt !== undefined && c.usedBy !== undefined), {
    message: 'a used card must carry usedAt and usedBy',
  }) satisfies z.ZodType<CardRecord>; // the record type lives with the procedure; the schema must produce it

export const topupSchema = z
  .object({
    id: text,
    at: isoTime,
    service: text,
    account: z.string(),
    serial: text,
    result: z.enum(TOPUP_RESULTS),
    error: optional(z.enum(TOPUP_ERRORS)),
    providerAck: optional(z.boolean()),
  })
  .refine((t) => t.result === 'failed' || t.error === undefined, {
    message: 'error is only set on a failed top-up',
  }) satisfies z.ZodType<Topup>;

export const topupListSchema = z.array(topupSchema);

export const notFoundSchema = z.object({ error: z.literal('not_found') }).strict();


// Without undefined keys a parsed record serialises exactly like the contract.
export function toCardRecord(c: z.output<typeof cardSchema>): CardRecord {
  return compact({
    ...c,
    soldBy: c.soldBy && compact(c.soldBy),
  });
}

export function toTopup(t: z.output<typeof topupSchema>): Topup {
  return compact(t);
}

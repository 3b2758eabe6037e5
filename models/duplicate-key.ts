/**
 * A write refused by a unique index: MongoDB and FerretDB both answer code 11000 (E11000). Several
 * writes rely on it on purpose (first insert wins), so it is read the same way everywhere.
 */
export function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}

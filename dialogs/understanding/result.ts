// One shape for every parser so the dialog layer can branch on `ok` and pick a re-ask message by
// `reason` without knowing which parser ran.
export type Ok<T, Extra extends object = object> = { ok: true; value: T } & Extra;
export type Fail<R extends string, Extra extends object = object> = { ok: false; reason: R } & Extra;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R): Fail<R> {
  return { ok: false, reason };
}

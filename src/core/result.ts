/**
 * Expected domain outcomes are values, not exceptions.
 *
 * @example
 * const r = parseQty(5);
 * if (!r.ok) return r;           // propagate the error value
 * use(r.value);
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

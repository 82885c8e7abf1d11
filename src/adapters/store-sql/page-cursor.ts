import { InvalidCursorError, type Page } from '../../ports/store.ts';

/**
 * Cursors are opaque to clients: the base64url of the last key of the previous page. Keyset
 * pagination (`where key > :last order by key`) keeps every page an index range, however deep.
 */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor; throws `InvalidCursorError` for one we did not issue (the HTTP layer answers 400). */
export function decodeCursor(cursor: string, kind: 'string'): string;
export function decodeCursor(cursor: string, kind: 'number'): number;
export function decodeCursor(cursor: string, kind: 'string' | 'number'): string | number {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
  if (typeof value !== kind) throw new InvalidCursorError('cursor is not one this API issued');
  return value as string | number;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says that more exist. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => string | number): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(map), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

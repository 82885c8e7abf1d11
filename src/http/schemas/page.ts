import { z } from 'zod';
import { limits } from '../../core/limits.ts';

/**
 * `cursor` and `limit`, taken by every list endpoint. A cursor is opaque: the `nextCursor` of the
 * previous page; the store rejects one it did not issue (`InvalidCursorError` → 400 naming `cursor`).
 */
export const pageQuery = {
  cursor: z.string().min(1).max(1_000).optional().describe('The nextCursor of the previous page.'),
  limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault).describe(`Page size, 1..${limits.pageSizeMax}.`),
};

/** The query of a list endpoint that takes nothing but `cursor` and `limit`; unknown parameters are a 400. */
export const pageQuerySchema = z.strictObject(pageQuery);

/** The answer of every list endpoint: `{ items, nextCursor }`, where a null cursor means the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The store's page request from validated query parameters. */
export const toPageRequest = (q: { cursor?: string | undefined; limit: number }) => ({ cursor: q.cursor ?? null, limit: q.limit });

import type { Kysely } from 'kysely';
import { limits } from '../../core/limits.ts';
import { type ErpDb, withErpTables } from './erp-document-table.ts';
import type { Tables } from './tables.ts';

/**
 * The queue tables whose rows are claimed under a lease and delivered, retried or dead-lettered the
 * same way (`outbox`, `erp_document`). Each repository keeps its own claim (coalescing per channel
 * and sku for the outbox, per-type order for ERP documents) and its own delivered mark; the failure
 * bookkeeping below is the one they share.
 */
export type LeasedQueueTable = 'outbox' | 'erp_document';

/** A connection typed with both queue tables (the ERP table sits beside `Tables`, see erp-document-table.ts). */
export const leasedQueueDb = (db: Kysely<Tables>): ErpDb => withErpTables(db);

/**
 * A failed attempt to try again later:
 *
 *   update <table> set attempts = attempts + 1, next_attempt_at_ms = :next, last_error = :error, lease_until_ms = 0
 *   where id = :id and status = 'pending'
 *
 * The `status = 'pending'` guard makes a late dispatcher's mark (its lease ran out and another one
 * delivered the row) change nothing.
 */
export async function markPendingForRetry(db: ErpDb, table: LeasedQueueTable, id: number, nextAttemptAtMs: number, error: string): Promise<void> {
  await db
    .updateTable(table)
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at_ms: nextAttemptAtMs, last_error: clipError(error), lease_until_ms: 0 }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** A failed attempt that will not be retried: as `markPendingForRetry`, with `status = 'dead'` and no next attempt. */
export async function markPendingDead(db: ErpDb, table: LeasedQueueTable, id: number, error: string): Promise<void> {
  await db
    .updateTable(table)
    .set((eb) => ({ status: 'dead', attempts: eb('attempts', '+', 1), last_error: clipError(error), lease_until_ms: 0 }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Rows per status, every status of the closed vocabulary present (0 when none); unknown stored statuses are ignored. */
export async function countRowsByStatus<S extends string>(db: ErpDb, table: LeasedQueueTable, statuses: readonly S[]): Promise<Record<S, number>> {
  const rows = await db
    .selectFrom(table)
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const r of rows) if ((statuses as readonly string[]).includes(r.status)) counts[r.status as S] = Number(r.n);
  return counts;
}

/** Errors and references are for operators; a connector's text is bounded like every stored text. */
export const clipError = (text: string): string => (text.length > limits.textLengthMax ? `${text.slice(0, limits.textLengthMax - 1)}…` : text);

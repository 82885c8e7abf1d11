import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Movement } from '../../core/ledger/movement.ts';
import type { GuardOutcome } from '../../ports/workflow-store.ts';
import { guardedPlan } from '../store-sql/guarded-plan.ts';
import { SqlWorkflowTransaction } from '../store-sql/sql-workflow-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { arrayLiteral } from './array-literal.ts';
import { INGEST_SQL } from './postgres-ingest-sql.ts';

/**
 * The guarded take of summed demand, one statement for every position of a command. At READ
 * COMMITTED a row another transaction changed meanwhile is re-read and the `where` re-checked on
 * its newest version before the update applies, so two racing reservations can never both take
 * the last unit: the loser updates no row and sees its position missing from `returning`.
 */
const GUARDED_TAKE_SQL = `
  update position p set available = p.available - t.qty
  from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) as t(sku, node, qty, floor)
  where p.sku = t.sku and p.node = t.node and p.available - t.qty >= t.floor
  returning p.sku, p.node`;

type Cell = string | number | null;

/**
 * A one-client "pool" for Kysely: every query runs on the transaction's own connection (a pooled
 * connection would not see its writes, and 3,000 waiting commands each taking a second connection
 * would exhaust the pool). A deadlock or serialization failure marks the transaction conflicted,
 * as the ingestion statements do, so `openPostgresStore` runs it again.
 */
function singleClientPool(client: pg.PoolClient, onConflict: () => void): PostgresPool {
  const wrapped = {
    query: async (...args: unknown[]) => {
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === '40P01' || code === '40001') onConflict();
        throw error;
      }
    },
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  return { connect: async () => wrapped, end: async () => undefined };
}

/** Workflow writes on PostgreSQL, on the ingestion transaction's client; rows read for a transition are locked `for update`. */
export class PostgresWorkflowTransaction extends SqlWorkflowTransaction {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly onConflict: () => void,
  ) {
    super(new Kysely<Tables>({ dialect: new PostgresDialect({ pool: singleClientPool(client, onConflict) }) }), true);
  }

  private async run(name: string, text: string, values: (Cell[] | Cell)[]) {
    const encoded = values.map((v) => (Array.isArray(v) ? arrayLiteral(v) : v));
    try {
      return await this.client.query({ name, text, values: encoded });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === '40P01' || code === '40001') this.onConflict();
      throw error;
    }
  }

  async applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome> {
    const plan = guardedPlan(movements, eventSeq, floorOf, recordedAtMs);
    if (plan.demands.length > 0) {
      const d = plan.demands;
      const taken = await this.run('omnistock_wf_guardedTake', GUARDED_TAKE_SQL, [
        d.map((x) => x.sku),
        d.map((x) => x.node),
        d.map((x) => x.qty),
        d.map((x) => x.floor),
      ]);
      const ok = new Set((taken.rows as { sku: string; node: string }[]).map((r) => `${r.sku}\u0000${r.node}`));
      const failed = d.find((x) => !ok.has(`${x.sku}\u0000${x.node}`));
      if (failed !== undefined) return { ok: false, failedIndex: failed.firstIndex };
    }
    if (plan.deltas.length > 0) {
      const keys = ['sku', 'node', 'available', 'reserved', 'allocated', 'quarantine', 'refurbish', 'damaged', 'inbound', 'lastCountedAtMs'] as const;
      await this.run(
        'omnistock_wf_upsertPositions',
        INGEST_SQL.upsertPositions,
        keys.map((k) => plan.deltas.map((x) => x[k])),
      );
    }
    if (plan.movementRows.length > 0) {
      const keys = ['sku', 'from_node', 'from_kind', 'to_node', 'to_kind', 'qty', 'reason', 'event_seq', 'occurred_at'] as const;
      await this.run('omnistock_wf_insertMovements', INGEST_SQL.insertMovements, [...keys.map((k) => plan.movementRows.map((x) => x[k])), recordedAtMs]);
    }
    return { ok: true };
  }
}

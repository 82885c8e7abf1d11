import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Movement } from '../../core/ledger/movement.ts';
import type { GuardOutcome } from '../../ports/workflow-store.ts';
import { guardedPlan } from '../store-sql/guarded-plan.ts';
import { SqlWorkflowTransaction } from '../store-sql/sql-workflow-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import type { SqliteIngestStatements } from './sqlite-ingest-transaction.ts';

/**
 * Workflow writes on SQLite, on the single writer connection inside the open transaction. The
 * guarded update is a prepared statement; the position deltas and movement rows reuse the
 * ingestion's prepared statements, so a reservation costs a handful of microsecond-level steps.
 */
export class SqliteWorkflowTransaction extends SqlWorkflowTransaction {
  /** `update position set available = available - :qty where sku = :sku and node = :node and available - :qty >= :floor` */
  private readonly guard;

  constructor(
    db: Database.Database,
    private readonly statements: SqliteIngestStatements,
  ) {
    super(new Kysely<Tables>({ dialect: new SqliteDialect({ database: db }) }), false);
    this.guard = db.prepare<{ sku: string; node: string; qty: number; floor: number }>(
      'update position set available = available - :qty where sku = :sku and node = :node and available - :qty >= :floor',
    );
  }

  async applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome> {
    const plan = guardedPlan(movements, eventSeq, floorOf, recordedAtMs);
    for (const d of plan.demands) {
      if (this.guard.run({ sku: d.sku, node: d.node, qty: d.qty, floor: d.floor }).changes === 0) return { ok: false, failedIndex: d.firstIndex };
    }
    for (const d of plan.deltas) this.statements.upsertPosition.run(d);
    for (const m of plan.movementRows) this.statements.insertMovement.run(m);
    return { ok: true };
  }
}

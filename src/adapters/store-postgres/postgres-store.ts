import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { limits } from '../../core/limits.ts';
import type { Store } from '../../ports/store.ts';
import { SqlApiKeyRepository } from '../store-sql/api-key-repository.ts';
import { SqlAuditLogRepository } from '../store-sql/audit-log-repository.ts';
import { SqlCaseRepository } from '../store-sql/case-repository.ts';
import { SqlDeadLetterRepository } from '../store-sql/dead-letter-repository.ts';
import { SqlErpDocumentRepository } from '../store-sql/erp-document-repository.ts';
import { withErpTables } from '../store-sql/erp-document-table.ts';
import { SqlLedgerReads } from '../store-sql/ledger-reads.ts';
import { SqlMasterDataRepository } from '../store-sql/master-data-repository.ts';
import { SqlOutboxRepository } from '../store-sql/outbox-repository.ts';
import { SqlPolicyRepository } from '../store-sql/policy-repository.ts';
import { ProjectionMasterDataMemo } from '../store-sql/projection-master-data.ts';
import { createSqlReconciliationRepository } from '../store-sql/reconciliation-repository.ts';
import { SqlReplenishmentRepository } from '../store-sql/replenishment-repository.ts';
import { SqlReturnRepository } from '../store-sql/return-repository.ts';
import type { Tables } from '../store-sql/tables.ts';
import { SqlWorkflowRepository } from '../store-sql/workflow-repository.ts';
import { passThroughGate } from '../store-sql/write-gate.ts';
import { postgresErpClaimRunner } from './postgres-erp-documents.ts';
import { isConcurrencyConflict, PostgresIngestTransaction } from './postgres-ingest-transaction.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { postgresClaimRunner } from './postgres-outbox.ts';

export type PostgresStoreOptions = {
  /** `postgres://user@host:port/database` */
  readonly url: string;
  /**
   * Connections in the pool. Ingestion uses one at a time per process (the group committer runs
   * one transaction after another); the rest serve reads and master-data writes.
   */
  readonly poolSizeMax?: number;
  readonly now?: () => number;
};

/** Pool size when none is given: pg's own default, small enough for many processes per server. */
const poolSizeDefault = 10;

const OID_INT8 = 20;
const OID_NUMERIC = 1700;

/**
 * int8 (`bigint` columns, `count(*)`) and numeric (`sum(bigint)`) arrive as strings by default,
 * because they may exceed 2^53. Ours never do: quantities and sums are bounded by `limits.qtyMax`
 * and times are epoch milliseconds. Scoped to this pool, not set globally on `pg.types`.
 */
function numericTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(OID_INT8, Number);
  types.setTypeParser(OID_NUMERIC, Number);
  return types;
}

/**
 * Opens a ledger-writing transaction. The transaction-scoped advisory lock makes ledger writers
 * take turns across every process on this database: the group commit runs each command (an event
 * batch, a reservation, …) in its own savepoint with its own reads and locks, so a later command
 * may lock a key below one an earlier command holds, and two processes writing at once could
 * deadlock; every deadlock costs `deadlock_timeout` (1 s by default) before the server breaks it.
 * Taking turns costs no round trip (one simple-protocol query with BEGIN) and little throughput:
 * a waiting process's group commit keeps filling and writes a bigger batch when its turn comes.
 * When SKU-partitioned workers land (ARCHITECTURE §3), key this lock by partition.
 */
const BEGIN_LEDGER_WRITE_SQL = `begin isolation level read committed; select pg_advisory_xact_lock(hashtext('omnistock:ledger-writer'))`;

/**
 * Runs `work` on one pooled client inside BEGIN … COMMIT at READ COMMITTED, the isolation the
 * guarded updates and row locks are designed for. Rolls back when `work` throws; a client whose
 * rollback failed is destroyed rather than returned to the pool.
 *
 * Safety net: a deadlock or serialization failure in any statement (even one whose command the
 * group commit isolated in a savepoint) rolls the whole transaction back and runs `work` again, up
 * to `limits.transactionAttemptsMax` times, since only releasing the locks of the transaction's
 * other commands lets the conflicting transaction finish. After the last attempt the transaction
 * commits as it stands and the conflicting commands' callers get their error. `work` builds its
 * results afresh on every run and has no effect outside the transaction before it resolves.
 */
async function inTransaction<T>(pool: pg.Pool, masterData: ProjectionMasterDataMemo, work: (tx: PostgresIngestTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    for (let attempt = 1; ; attempt += 1) {
      await client.query(BEGIN_LEDGER_WRITE_SQL);
      const tx = new PostgresIngestTransaction(client, masterData);
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        await client.query('rollback');
        if (isConcurrencyConflict(error) && attempt < limits.transactionAttemptsMax) continue;
        throw error;
      }
      if (tx.conflicted && attempt < limits.transactionAttemptsMax) {
        await client.query('rollback');
        continue;
      }
      // COMMIT of a transaction already aborted by a failed statement answers ROLLBACK, not an error.
      const commit = await client.query('commit');
      if (commit.command !== 'COMMIT') throw new Error(`ingestion transaction was rolled back by the server (${commit.command})`);
      return result;
    }
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Opens the PostgreSQL store: a `pg` pool shared by Kysely (for the repositories common with
 * SQLite) and by the batch-oriented ingestion path, after migrating the schema.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://postgres@127.0.0.1:5432/omnistock' });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSizeMax ?? poolSizeDefault, types: numericTypes() });
  // An idle client losing its connection (server restart) emits 'error' on the pool; unhandled,
  // that would crash the process. The pool drops the client and the next checkout reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, now());
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // Every call takes its own pooled connection and sees only committed data: read and write are one.
  const dbs = { read: db, write: db };
  // Channels and node types as the ledger transactions last read them (ProjectionMasterDataMemo).
  const projectionMasterData = new ProjectionMasterDataMemo();
  return {
    kind: 'postgres',
    masterData: new SqlMasterDataRepository(dbs, passThroughGate, now),
    // Temporary tables live per session, so `verifyProjection` keeps one connection throughout.
    ledger: new SqlLedgerReads(dbs, (work) => db.connection().execute((connection) => work(connection))),
    deadLetters: new SqlDeadLetterRepository(dbs),
    apiKeys: new SqlApiKeyRepository(dbs, passThroughGate),
    outbox: new SqlOutboxRepository(dbs, passThroughGate, postgresClaimRunner(db)),
    policies: new SqlPolicyRepository(dbs, passThroughGate),
    audit: new SqlAuditLogRepository(dbs, passThroughGate),
    workflows: new SqlWorkflowRepository(dbs),
    cases: new SqlCaseRepository(dbs, passThroughGate),
    erpDocuments: new SqlErpDocumentRepository(dbs, passThroughGate, postgresErpClaimRunner(withErpTables(db))),
    returns: new SqlReturnRepository(dbs),
    replenishment: new SqlReplenishmentRepository(dbs),
    reconciliation: createSqlReconciliationRepository('postgres', dbs, passThroughGate, (work) => db.connection().execute((connection) => work(connection))),
    ingestTransaction: (work) => inTransaction(pool, projectionMasterData, work),
    close: async () => {
      // Kysely ends the pool it used; a store never queried through Kysely ends it here.
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

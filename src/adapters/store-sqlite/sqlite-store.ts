import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { IngestTransaction, Store } from '../../ports/store.ts';
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
import { createSqlReconciliationRepository } from '../store-sql/reconciliation-repository.ts';
import { SqlReplenishmentRepository } from '../store-sql/replenishment-repository.ts';
import { SqlReturnRepository } from '../store-sql/return-repository.ts';
import type { Tables } from '../store-sql/tables.ts';
import { SqlWorkflowRepository } from '../store-sql/workflow-repository.ts';
import { SerialWriteGate } from '../store-sql/write-gate.ts';
import { SQLITE_MIGRATIONS } from './schema.ts';
import { SqliteIngestStatements, SqliteIngestTransaction } from './sqlite-ingest-transaction.ts';
import { SqliteOutboxStatements, sqliteClaimRunner } from './sqlite-outbox.ts';
import { withStatementCache } from './statement-cache.ts';

/**
 * `synchronous` decides what a commit survives:
 * - `full` (default): the WAL is fsynced at every commit; an answered `accepted` survives a process
 *   kill and a power loss. Group commit amortises the fsync over every request waiting.
 * - `normal`: the WAL is fsynced only at checkpoints; a process kill loses nothing, a power loss
 *   or OS crash may lose the last commits (never corrupting the file).
 *
 * A scratch file deleted after use (the simulator's engine) may also take `off` (see SqliteStoreOptions).
 */
export type SqliteSynchronous = 'full' | 'normal';

/**
 * `synchronous: 'off'` never fsyncs: a process kill loses nothing, a power loss or OS crash may
 * corrupt the file. Only for a scratch file deleted after use; not a `SqliteSynchronous`, so no
 * operator setting can choose it for a real store.
 */
export type SqliteStoreOptions = { readonly path: string; readonly synchronous?: SqliteSynchronous | 'off'; readonly now?: () => number };

function openConnection(path: string, synchronous: SqliteSynchronous | 'off'): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = memory');
  return db;
}

function migrate(db: Database.Database, now: number): void {
  db.exec('create table if not exists schema_migration (version integer primary key, applied_at integer not null)');
  const applied = db.prepare<[], { v: number | null }>('select max(version) as v from schema_migration').get()?.v ?? 0;
  SQLITE_MIGRATIONS.forEach((ddl, index) => {
    const version = index + 1;
    if (version <= applied) return;
    db.transaction(() => {
      db.exec(ddl);
      db.prepare('insert into schema_migration (version, applied_at) values (?, ?)').run(version, now);
    })();
  });
}

/** Opens (creating and migrating when new) the embedded SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const writer = openConnection(options.path, options.synchronous ?? 'full');
  migrate(writer, now());
  // An in-memory database cannot be shared between connections; reads then use the writer.
  const reader = options.path === ':memory:' ? writer : openConnection(options.path, options.synchronous ?? 'full');
  const write = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(writer) }) });
  const read = reader === writer ? write : new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(reader) }) });
  const dbs = { read, write };
  const gate = new SerialWriteGate();
  const statements = new SqliteIngestStatements(writer);
  // Node and channel writes on the writer connection, which its `data_version` does not count (see projectionMasterData).
  const masterDataWrites = { count: 0 };
  const tx: IngestTransaction = new SqliteIngestTransaction(statements, writer, new SqliteOutboxStatements(writer), masterDataWrites);

  return {
    kind: 'sqlite',
    masterData: new SqlMasterDataRepository(dbs, gate, now, () => {
      masterDataWrites.count += 1;
    }),
    ledger: new SqlLedgerReads(dbs, (work) => work(read)),
    deadLetters: new SqlDeadLetterRepository(dbs),
    apiKeys: new SqlApiKeyRepository(dbs, gate),
    outbox: new SqlOutboxRepository(dbs, gate, sqliteClaimRunner(write, gate)),
    policies: new SqlPolicyRepository(dbs, gate),
    audit: new SqlAuditLogRepository(dbs, gate),
    workflows: new SqlWorkflowRepository(dbs),
    cases: new SqlCaseRepository(dbs, gate),
    erpDocuments: new SqlErpDocumentRepository(dbs, gate, (claim) => gate.run(() => claim(withErpTables(write)))),
    returns: new SqlReturnRepository(dbs),
    replenishment: new SqlReplenishmentRepository(dbs),
    reconciliation: createSqlReconciliationRepository('sqlite', dbs, gate, (work) => work(read)),
    ingestTransaction: (work) =>
      gate.run(async () => {
        writer.exec('begin immediate');
        try {
          const result = await work(tx);
          writer.exec('commit');
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('rollback');
          throw error;
        }
      }),
    close: async () => {
      await gate.run(async () => undefined);
      await read.destroy();
      if (write !== read) await write.destroy();
    },
  };
}

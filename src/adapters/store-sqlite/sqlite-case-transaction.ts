import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlCaseTransaction } from '../store-sql/sql-case-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { withStatementCache } from './statement-cache.ts';

/**
 * Case writes of a SQLite ledger transaction: Kysely on the writer connection, inside the
 * transaction the ingestion opened (`begin immediate`). Built once per store, since the SQLite
 * ingestion transaction object is reused for every transaction; its statements are prepared once
 * (statement-cache.ts): every ledger transaction looks for negative positions.
 */
export const sqliteCaseTransaction = (db: Database.Database): SqlCaseTransaction =>
  new SqlCaseTransaction(() => new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }));

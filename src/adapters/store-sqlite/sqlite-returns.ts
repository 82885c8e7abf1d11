import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { withStatementCache } from './statement-cache.ts';

/**
 * Returns writes on the SQLite writer connection, inside the ledger transaction open on it (it
 * opens none). Its statements are prepared once per text (statement-cache.ts), as elsewhere on the writer.
 */
export function sqliteReturnTransaction(db: Database.Database): SqlReturnTransaction {
  return new SqlReturnTransaction(new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }), false);
}

import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';

/**
 * Returns writes on the SQLite writer connection, inside the ledger transaction open on it (it
 * opens none). Returns are a few statements per command, so Kysely's per-query prepare is fine.
 */
export function sqliteReturnTransaction(db: Database.Database): SqlReturnTransaction {
  return new SqlReturnTransaction(new Kysely<Tables>({ dialect: new SqliteDialect({ database: db }) }), false);
}

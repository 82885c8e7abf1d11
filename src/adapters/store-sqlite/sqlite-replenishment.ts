import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';

/**
 * Replenishment writes on the SQLite writer connection, inside the ledger transaction open on it
 * (it opens none). One Kysely per store: the statements are multi-row, a few per transaction, so
 * preparing each one costs less than caching texts that vary with the row count.
 */
export function sqliteReplenishmentTransaction(db: Database.Database): SqlReplenishmentTransaction {
  return new SqlReplenishmentTransaction(new Kysely<Tables>({ dialect: new SqliteDialect({ database: db }) }), false);
}

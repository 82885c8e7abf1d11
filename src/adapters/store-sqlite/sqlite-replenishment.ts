import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { withStatementCache } from './statement-cache.ts';

/**
 * Replenishment writes on the SQLite writer connection, inside the ledger transaction open on it
 * (it opens none). One Kysely per store. Its texts vary with the row count, but most transactions
 * touch one SKU at one node (the demand series read and upsert ran 1,155 times each in a 100-SKU
 * simulation), so they are prepared once per text; rarer texts fall out of the bounded cache
 * (statement-cache.ts).
 */
export function sqliteReplenishmentTransaction(db: Database.Database): SqlReplenishmentTransaction {
  return new SqlReplenishmentTransaction(new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }), false);
}

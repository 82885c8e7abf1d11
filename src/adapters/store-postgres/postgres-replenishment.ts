import type pg from 'pg';
import { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import { transactionKysely } from './transaction-kysely.ts';

/**
 * Replenishment writes on the ingestion transaction's own client (see `transactionKysely`: a
 * deadlock or serialization failure marks the transaction conflicted, so `openPostgresStore` runs
 * it again).
 */
export function postgresReplenishmentTransaction(client: pg.PoolClient, onConflict: () => void): SqlReplenishmentTransaction {
  return new SqlReplenishmentTransaction(transactionKysely(client, onConflict), true);
}

import type pg from 'pg';
import { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import { transactionKysely } from './transaction-kysely.ts';

/**
 * Returns writes on the ingestion transaction's own client (see `transactionKysely`); return rows
 * are locked `for update`. A deadlock or serialization failure marks the transaction conflicted, so
 * `openPostgresStore` runs it again.
 */
export function postgresReturnTransaction(client: pg.PoolClient, onConflict: () => void): SqlReturnTransaction {
  return new SqlReturnTransaction(transactionKysely(client, onConflict), true);
}

import type pg from 'pg';
import { SqlCaseTransaction } from '../store-sql/sql-case-transaction.ts';
import { transactionKysely } from './transaction-kysely.ts';

/**
 * Case writes of one PostgreSQL ledger transaction, on its own connection (see `transactionKysely`);
 * Kysely is built on first use only.
 */
export const postgresCaseTransaction = (client: pg.PoolClient, onConflict: () => void): SqlCaseTransaction =>
  new SqlCaseTransaction(() => transactionKysely(client, onConflict));

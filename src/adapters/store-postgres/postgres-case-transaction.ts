import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { SqlCaseTransaction } from '../store-sql/sql-case-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';

/**
 * A one-client "pool" for Kysely, so case statements run on the ledger transaction's own
 * connection (a pooled one would neither see its writes nor commit with it). A deadlock or
 * serialization failure marks the transaction conflicted, like the ingestion statements, so the
 * store runs it again.
 */
function transactionClientPool(client: pg.PoolClient, onConflict: () => void): PostgresPool {
  const wrapped = {
    query: async (...args: unknown[]) => {
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === '40P01' || code === '40001') onConflict();
        throw error;
      }
    },
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  return { connect: async () => wrapped, end: async () => undefined };
}

/** Case writes of one PostgreSQL ledger transaction; Kysely is built on first use only. */
export const postgresCaseTransaction = (client: pg.PoolClient, onConflict: () => void): SqlCaseTransaction =>
  new SqlCaseTransaction(() => new Kysely<Tables>({ dialect: new PostgresDialect({ pool: transactionClientPool(client, onConflict) }) }));

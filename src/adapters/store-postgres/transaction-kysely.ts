import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Tables } from '../store-sql/tables.ts';

/**
 * A Kysely bound to one PostgreSQL client: the ingestion transaction's own connection, so the
 * statements it runs see that transaction's writes and commit or roll back with it (a pooled
 * connection would do neither, and many waiting commands each taking one would exhaust the pool).
 * A deadlock or serialization failure calls `onConflict`, marking the transaction conflicted as the
 * ingestion statements do, so `openPostgresStore` runs it again; the error is still thrown.
 *
 * @example
 * new SqlReturnTransaction(transactionKysely(client, onConflict), true)
 */
export function transactionKysely(client: pg.PoolClient, onConflict: () => void): Kysely<Tables> {
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool: singleClientPool(client, onConflict) }) });
}

/** A "pool" that always hands out `client` and never releases or ends it (its owner does). */
function singleClientPool(client: pg.PoolClient, onConflict: () => void): PostgresPool {
  const wrapped = {
    query: async (...args: unknown[]) => {
      try {
        return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        // SQLSTATE 40P01 (deadlock) and 40001 (serialization failure), the codes `isConcurrencyConflict`
        // retries on; checked here rather than imported, as postgres-ingest-transaction.ts imports this file's users.
        const code = (error as { code?: unknown } | null)?.code;
        if (code === '40P01' || code === '40001') onConflict();
        throw error;
      }
    },
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  return { connect: async () => wrapped, end: async () => undefined };
}

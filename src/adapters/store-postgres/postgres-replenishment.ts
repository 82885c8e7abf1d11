import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { SqlReplenishmentTransaction } from '../store-sql/replenishment-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';

/**
 * Replenishment writes on the ingestion transaction's own client (a pooled connection would not
 * see its writes). A deadlock or serialization failure marks the transaction conflicted, like the
 * ingestion statements, so `openPostgresStore` runs it again. The one-client "pool" mirrors the
 * workflow transaction's (postgres-workflow-transaction.ts), kept private there.
 */
export function postgresReplenishmentTransaction(client: pg.PoolClient, onConflict: () => void): SqlReplenishmentTransaction {
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
  const pool: PostgresPool = { connect: async () => wrapped, end: async () => undefined };
  return new SqlReplenishmentTransaction(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), true);
}

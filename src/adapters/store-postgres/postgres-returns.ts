import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { SqlReturnTransaction } from '../store-sql/sql-return-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';

/**
 * Returns writes on the ingestion transaction's own client (a pooled connection would not see its
 * writes); return rows are locked `for update`. A deadlock or serialization failure marks the
 * transaction conflicted, so `openPostgresStore` runs it again. The one-client "pool" mirrors the
 * workflow transaction's (kept private there); a shared helper would be a later clean-up.
 */
export function postgresReturnTransaction(client: pg.PoolClient, onConflict: () => void): SqlReturnTransaction {
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
  return new SqlReturnTransaction(new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), true);
}

import type pg from 'pg';
import { POSTGRES_MIGRATIONS } from './postgres-schema.ts';

/**
 * Key of the transaction-scoped advisory lock that serialises migrations. Any constant works as
 * long as every Omnistock process uses the same one; hashing a name keeps it readable in
 * `pg_locks` queries (`select hashtext('omnistock:migrate')`).
 */
const MIGRATION_LOCK_SQL = `select pg_advisory_xact_lock(hashtext('omnistock:migrate'))`;

/**
 * Applies the pending entries of `POSTGRES_MIGRATIONS` in one transaction, recording each in
 * `schema_migration`. The advisory lock comes first, so two processes starting together take
 * turns: the second waits, then finds everything applied. PostgreSQL DDL is transactional, so a
 * failed migration leaves no half-created tables behind.
 *
 *   begin;
 *   select pg_advisory_xact_lock(hashtext('omnistock:migrate'));
 *   create table if not exists schema_migration (…);
 *   select coalesce(max(version), 0) …;  -- then each pending DDL + insert into schema_migration
 *   commit;
 */
export async function migratePostgres(pool: pg.Pool, nowMs: number): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    await client.query(MIGRATION_LOCK_SQL);
    await client.query('create table if not exists schema_migration (version bigint primary key, applied_at bigint not null)');
    const result = await client.query<{ v: number }>('select coalesce(max(version), 0) as v from schema_migration');
    const applied = Number(result.rows[0]?.v ?? 0);
    for (const [index, ddl] of POSTGRES_MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= applied) continue;
      await client.query(ddl);
      await client.query('insert into schema_migration (version, applied_at) values ($1, $2)', [version, nowMs]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

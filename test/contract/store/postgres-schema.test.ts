// PostgreSQL migrations: two processes opening a new database at once migrate it exactly once, and
// the resulting schema has the same tables, columns and indexes as SQLite's (read from both catalogs).
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../../src/adapters/store-postgres/postgres-schema.ts';
import { openPostgresStore } from '../../../src/adapters/store-postgres/postgres-store.ts';
import { SQLITE_MIGRATIONS } from '../../../src/adapters/store-sqlite/schema.ts';
import { createScratchPostgresDatabase, postgresBackend } from '../../support/stores.ts';

type Shape = { columns: Record<string, string[]>; indexes: string[] };

function sqliteShape(): Shape {
  const db = new Database(':memory:');
  for (const ddl of SQLITE_MIGRATIONS) db.exec(ddl);
  // sqlite_sequence is SQLite's own bookkeeping of AUTOINCREMENT (the outbox), not a table of ours.
  const tables = db.prepare<[], { name: string }>(`select name from sqlite_master where type = 'table' and name <> 'sqlite_sequence' order by name`).all();
  const columns: Record<string, string[]> = {};
  for (const { name } of tables)
    columns[name] = db
      .prepare<[], { name: string }>(`select name from pragma_table_info('${name}')`)
      .all()
      .map((c) => c.name)
      .sort();
  // Explicit indexes only: SQLite's automatic ones back primary keys and unique constraints.
  const indexes = db.prepare<[], { name: string }>(`select name from sqlite_master where type = 'index' and sql is not null order by name`).all();
  db.close();
  return { columns, indexes: indexes.map((i) => i.name) };
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = await client.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and table_name <> 'schema_migration' order by table_name, column_name`,
    );
    const columns: Record<string, string[]> = {};
    for (const r of cols.rows) columns[r.table_name] = [...(columns[r.table_name] ?? []), r.column_name];
    for (const list of Object.values(columns)) list.sort();
    // Explicit indexes only: not those backing primary keys and unique constraints.
    const idx = await client.query<{ indexname: string }>(
      `select i.indexname from pg_indexes i
       where i.schemaname = 'public'
         and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
       order by i.indexname`,
    );
    return { columns, indexes: idx.rows.map((r) => r.indexname) };
  } finally {
    await client.end();
  }
}

describe.skipIf(postgresBackend.skipReason !== null)('PostgreSQL schema', () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => drop?.());

  it('migrates a new database once when two processes open it at the same time, and reopens cleanly', async () => {
    const scratch = await createScratchPostgresDatabase();
    drop = scratch.drop;
    const [a, b] = await Promise.all([openPostgresStore({ url: scratch.url }), openPostgresStore({ url: scratch.url })]);
    await Promise.all([a.close(), b.close()]);
    const again = await openPostgresStore({ url: scratch.url });
    await again.close();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    const versions = await client.query<{ version: string }>('select version from schema_migration order by version');
    await client.end();
    expect(versions.rows.map((r) => Number(r.version))).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
  });

  it('has the same tables, columns and indexes as the SQLite schema', async () => {
    const scratch = await createScratchPostgresDatabase();
    drop = scratch.drop;
    const store = await openPostgresStore({ url: scratch.url });
    await store.close();
    const expected = sqliteShape();
    expect(Object.keys(expected.columns).length).toBeGreaterThan(5);
    expect(await postgresShape(scratch.url)).toEqual(expected);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import type { Store } from '../../src/ports/store.ts';

/**
 * Store backends every store-facing suite runs against. PostgreSQL tests create a database of
 * their own per store and drop it afterwards, so runs never see each other's data. Without a
 * reachable server they skip with a reason, unless OMNISTOCK_REQUIRE_SERVICES=1 (CI), where a
 * missing server fails the run.
 */
export type StoreBackend = {
  readonly name: 'sqlite' | 'postgres';
  /** Why this backend is skipped, or null when it runs. */
  readonly skipReason: string | null;
  open(): Promise<OpenedStore>;
};

export type OpenedStore = { readonly store: Store; readonly url: string; dispose(): Promise<void> };

export const postgresAdminUrl = process.env.OMNISTOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const requireServices = process.env.OMNISTOCK_REQUIRE_SERVICES === '1';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${postgresAdminUrl} is not reachable (${(error as Error).message}); set OMNISTOCK_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await postgresReachable();
if (postgresProblem && requireServices) throw new Error(`OMNISTOCK_REQUIRE_SERVICES=1 but ${postgresProblem}`);
if (postgresProblem) console.warn(`skipping PostgreSQL store tests: ${postgresProblem}`);

/** Creates a scratch database; returns its URL and a function that drops it. */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `omnistock_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  skipReason: null,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-test-'));
    const url = `sqlite:${join(dir, 'omnistock.sqlite')}`;
    const store = openSqliteStore({ path: join(dir, 'omnistock.sqlite'), synchronous: 'normal' });
    return {
      store,
      url,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  skipReason: postgresProblem,
  async open() {
    const { openPostgresStore } = await import('../../src/adapters/store-postgres/postgres-store.ts');
    const scratch = await createScratchPostgresDatabase();
    const store = await openPostgresStore({ url: scratch.url });
    return {
      store,
      url: scratch.url,
      dispose: async () => {
        await store.close();
        await scratch.drop();
      },
    };
  },
};

export const STORE_BACKENDS: readonly StoreBackend[] = [sqliteBackend, postgresBackend];

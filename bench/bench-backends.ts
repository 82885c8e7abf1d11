import Database from 'better-sqlite3';
import pg from 'pg';
import type { SqliteSynchronous } from '../src/adapters/store-sqlite/sqlite-store.ts';
import { openStore } from '../src/main/open-store.ts';
import type { Store } from '../src/ports/store.ts';
import { scratchPostgres, scratchSqlitePath } from './scratch-database.ts';

/**
 * A scratch database for one measurement, already migrated. `openStore` opens it the way the
 * server does (src/main/open-store.ts, from `OMNISTOCK_DATABASE_URL`); `exec` and `rows` run raw
 * SQL on a connection of their own, for bulk loading and for the limits measured beside our figures.
 */
export type BenchDatabase = {
  readonly backend: 'sqlite' | 'postgres';
  /** The `OMNISTOCK_DATABASE_URL` of this database. */
  readonly databaseUrl: string;
  /** The environment a server process needs to open this database (URL, SQLite `synchronous`). */
  readonly env: Readonly<Record<string, string>>;
  openStore(): Promise<Store>;
  /** Runs one or more statements without parameters. */
  exec(sqlText: string): Promise<void>;
  /** Runs one query and returns its rows. */
  rows<T>(sqlText: string): Promise<T[]>;
  /** Runs one query and returns the seconds it took, connecting outside the timing. */
  timeQuery(sqlText: string): Promise<number>;
  dispose(): Promise<void>;
};

/** A database the benchmarks run on; `skipReason` is set when it cannot run here. */
export type BenchBackend = {
  readonly name: 'sqlite' | 'postgres';
  readonly skipReason: string | null;
  createDatabase(): Promise<BenchDatabase>;
};

async function elapsedSeconds(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function migrated(database: BenchDatabase): Promise<BenchDatabase> {
  const store = await database.openStore();
  await store.close();
  return database;
}

/** SQLite files in a temporary directory, opened with the `synchronous` the server would use. */
export function sqliteBenchBackend(synchronous: SqliteSynchronous): BenchBackend {
  return {
    name: 'sqlite',
    skipReason: null,
    async createDatabase() {
      const scratch = scratchSqlitePath();
      const env = { OMNISTOCK_DATABASE_URL: `sqlite:${scratch.path}`, OMNISTOCK_SQLITE_SYNCHRONOUS: synchronous };
      const onConnection = <T>(work: (db: Database.Database) => T): T => {
        const db = new Database(scratch.path);
        try {
          db.pragma('busy_timeout = 5000');
          return work(db);
        } finally {
          db.close();
        }
      };
      return migrated({
        backend: 'sqlite',
        databaseUrl: env.OMNISTOCK_DATABASE_URL,
        env,
        openStore: () => openStore(env),
        exec: async (sqlText) => onConnection((db) => void db.exec(sqlText)),
        rows: async <T>(sqlText: string) => onConnection((db) => db.prepare(sqlText).all() as T[]),
        timeQuery: async (sqlText) => onConnection((db) => elapsedSeconds(() => db.prepare(sqlText).all())),
        dispose: async () => scratch.dispose(),
      });
    },
  };
}

/** Why PostgreSQL at `adminUrl` cannot be used, or null when it answers. */
export async function postgresProblem(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${adminUrl} is unreachable (${(error as Error).message}); set OMNISTOCK_BENCH_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database created from `adminUrl` for each measurement and dropped after it. */
export function postgresBenchBackend(adminUrl: string, skipReason: string | null): BenchBackend {
  return {
    name: 'postgres',
    skipReason,
    async createDatabase() {
      const scratch = await scratchPostgres(adminUrl);
      const env = { OMNISTOCK_DATABASE_URL: scratch.url };
      const onClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        try {
          return await work(client);
        } finally {
          await client.end();
        }
      };
      return migrated({
        backend: 'postgres',
        databaseUrl: scratch.url,
        env,
        openStore: () => openStore(env),
        exec: (sqlText) => onClient(async (c) => void (await c.query(sqlText))),
        rows: <T>(sqlText: string) => onClient(async (c) => (await c.query(sqlText)).rows as T[]),
        timeQuery: (sqlText) => onClient((c) => elapsedSeconds(() => c.query(sqlText))),
        dispose: scratch.dispose,
      });
    },
  };
}

/** Runs `work` on a fresh scratch database of `backend`, dropping it afterwards whatever happens. */
export async function withBenchDatabase<T>(backend: BenchBackend, work: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await backend.createDatabase();
  try {
    return await work(database);
  } finally {
    await database.dispose();
  }
}

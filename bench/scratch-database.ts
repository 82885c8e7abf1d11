import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Disposers of scratch databases still alive, so an interrupted run (Ctrl-C) leaves nothing behind. */
const alive = new Set<() => Promise<void> | void>();

/** Disposes every scratch database not disposed yet (run.ts calls it on SIGINT and SIGTERM). */
export async function disposeAllScratch(): Promise<void> {
  for (const dispose of [...alive]) await Promise.resolve(dispose()).catch(() => undefined);
}

function tracked<T extends Promise<void> | void>(dispose: () => T): () => T {
  const once = () => {
    alive.delete(once);
    return dispose();
  };
  alive.add(once);
  return once as () => T;
}

/** A temporary SQLite path (its directory also holds the -wal and -shm files), removed by `dispose`. */
export function scratchSqlitePath(): { path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-bench-'));
  return { path: join(dir, 'bench.sqlite'), dispose: tracked(() => rmSync(dir, { recursive: true, force: true })) };
}

/** A scratch PostgreSQL database created from the admin URL and dropped (connections forced off) by `dispose`. */
export async function scratchPostgres(adminUrl: string): Promise<{ url: string; dispose: () => Promise<void> }> {
  const name = `omnistock_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: tracked(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }),
  };
}

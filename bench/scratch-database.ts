import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A temporary SQLite path, removed by `dispose`. */
export function scratchSqlitePath(): { path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-bench-'));
  return { path: join(dir, 'bench.sqlite'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A scratch PostgreSQL database created from the admin URL and dropped by `dispose`. */
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
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

import { cpus, loadavg, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import pg from 'pg';

/** What the figures were measured on; written into the JSON beside the rows. */
export type MachineFacts = {
  readonly node: string;
  readonly platform: string;
  readonly cpuCount: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  /** 1, 5 and 15-minute load averages when the run started; on a shared machine, read the figures against it. */
  readonly loadAverageAtStart: readonly number[];
  readonly sqlite: { readonly version: string; readonly synchronous: string; readonly journalMode: 'wal' };
  readonly postgres: Readonly<Record<string, string>> | { readonly skipped: string };
};

/** Facts of this process and machine, and of both databases (PostgreSQL settings that bound write speed). */
export async function machineFacts(options: { synchronous: string; postgresUrl: string; postgresSkip: string | null }): Promise<MachineFacts> {
  const memory = new Database(':memory:');
  const sqliteVersion = (memory.prepare('select sqlite_version() as v').get() as { v: string }).v;
  memory.close();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuCount: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    sqlite: { version: sqliteVersion, synchronous: options.synchronous, journalMode: 'wal' },
    postgres: options.postgresSkip === null ? await postgresSettings(options.postgresUrl) : { skipped: options.postgresSkip },
  };
}

async function postgresSettings(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_wal_size'];
    const result = await client.query<{ name: string; setting: string }>('select name, current_setting(name) as setting from unnest($1::text[]) as name', [
      names,
    ]);
    return Object.fromEntries(result.rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

/** Load averages now, for the end of the run. */
export const loadAverageNow = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);

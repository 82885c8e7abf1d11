import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../src/adapters/store-sqlite/sqlite-store.ts';
import type { BenchOptions, BenchRow } from './bench-result.ts';
import { scratchSqlitePath } from './scratch-database.ts';
import { measureInProcessIngest } from './suites/ingest-in-process.ts';
import { measureSqliteRawWrites } from './suites/sqlite-raw-writes.ts';

/**
 * `npm run bench [-- --quick]`: every benchmark of the project in one table, written to
 * bench/results/<date>.json. Each figure sits beside the raw rate of the layer underneath,
 * measured in the same run.
 */
const quick = process.argv.includes('--quick');
const options: BenchOptions = {
  quick,
  postgresUrl: process.env.OMNISTOCK_BENCH_POSTGRES_URL ?? process.env.OMNISTOCK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  progress: (message) => process.stderr.write(`\r\x1b[K… ${message}`),
};

async function sqliteIngestRows(): Promise<BenchRow[]> {
  const events = quick ? 100_000 : 400_000;
  const skus = 1_000;
  const nodes = 10;
  options.progress('sqlite raw writes');
  const raw = measureSqliteRawWrites(events, skus, nodes, 'full');
  const scratch = scratchSqlitePath();
  const store = openSqliteStore({ path: scratch.path, synchronous: 'full' });
  try {
    const rate = await measureInProcessIngest(store, { events, skus, nodes, batchSize: 500, concurrency: 8, progress: options.progress });
    return [
      { suite: 'ingest', backend: 'sqlite', metric: 'raw insert+update loop', value: raw, unit: 'events/s' },
      { suite: 'ingest', backend: 'sqlite', metric: 'in-process (batches of 500)', value: rate, unit: 'events/s', limit: { name: 'raw loop', value: raw }, target: { value: 100_000, direction: 'min' } },
    ];
  } finally {
    await store.close();
    scratch.dispose();
  }
}

function formatTable(rows: BenchRow[]): string {
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  const lines = rows.map((r) => [
    r.suite,
    r.backend,
    r.metric,
    `${fmt(r.value)} ${r.unit}`,
    r.limit ? `${(r.value / r.limit.value).toFixed(2)} × ${r.limit.name} (${fmt(r.limit.value)})` : '',
    r.target ? `${r.target.direction === 'min' ? '≥' : '≤'} ${fmt(r.target.value)} ${(r.target.direction === 'min' ? r.value >= r.target.value : r.value <= r.target.value) ? 'met' : 'MISSED'}` : '',
  ]);
  const header = ['suite', 'backend', 'metric', 'value', 'ratio to limit', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

const rows: BenchRow[] = [];
const started = Date.now();
rows.push(...(await sqliteIngestRows()));
process.stderr.write('\r\x1b[K');
console.log(formatTable(rows));
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
const file = join(import.meta.dirname, 'results', `${new Date().toISOString().slice(0, 10)}.json`);
writeFileSync(file, `${JSON.stringify({ quick, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, rows }, null, 2)}\n`);
console.log(`\nwritten to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

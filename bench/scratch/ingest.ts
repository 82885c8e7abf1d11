import { postgresBenchBackend, sqliteBenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { measureInProcessIngest } from '../suites/ingest-in-process.ts';
import { measureSqliteRawWrites } from '../suites/sqlite-raw-writes.ts';
import { measurePostgresRawWrites } from '../suites/postgres-raw-writes.ts';
const which = process.argv[2] ?? 'sqlite';
const events = Number(process.argv[3] ?? 100_000);
const noRaw = process.argv.includes('--no-raw');
const progress = () => undefined;
const backend = which === 'sqlite' ? sqliteBenchBackend('full') : postgresBenchBackend('postgres://postgres@127.0.0.1:5432/test', null);
let raw = 0;
if (!noRaw) raw = which === 'sqlite' ? measureSqliteRawWrites(events, 1000, 10, 'full') : await withBenchDatabase(backend, (db) => measurePostgresRawWrites(db.databaseUrl, { events, skus: 1000, nodes: 10, perRow: false }));
const rate = await withBenchDatabase(backend, async (db) => {
  const store = await db.openStore();
  try { return await measureInProcessIngest(store, { events, skus: 1000, nodes: 10, batchSize: 500, concurrency: 8, progress }); } finally { await store.close(); }
});
console.log(`${which}: raw ${raw.toFixed(0)}, in-process ${rate.toFixed(0)}, ratio ${(rate / raw).toFixed(3)}`);

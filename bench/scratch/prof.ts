import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import { scratchSqlitePath } from '../scratch-database.ts';
import { measureInProcessIngest } from '../suites/ingest-in-process.ts';
const s = scratchSqlitePath();
const store = openSqliteStore({ path: s.path, synchronous: (process.argv[2] as 'full') ?? 'full' });
const r = await measureInProcessIngest(store, { events: 200_000, skus: 1000, nodes: 10, batchSize: 500, concurrency: 8, progress: () => {} });
console.log(Math.round(r));

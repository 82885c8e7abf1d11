import { openSqliteStore } from '/work/main/src/adapters/store-sqlite/sqlite-store.ts';
import { EventIngestor } from '/work/main/src/app/ingest-events.ts';
import { rmSync } from 'node:fs';
rmSync('/tmp/b/db', { recursive: true, force: true });
const store = openSqliteStore({ path: '/tmp/b/db/o.sqlite', synchronous: (process.argv[2] as any) ?? 'full' });
for (let i = 0; i < 1000; i++) await store.masterData.putItem({ sku: `S${i}`, name: 'x', category: 'c', unitCost: 1, unitPrice: 2, serialized: false, substitutes: [] });
for (let i = 0; i < 10; i++) await store.masterData.putNode({ nodeId: `N${i}`, type: 'store', name: 'n', region: 'r', latitude: 0, longitude: 0, capacityPerDay: 1, fulfils: ['ship'] });
const ing = new EventIngestor(store, { now: Date.now });
const total = 200_000, batch = 1000;
let n = 0;
const mk = () => { n++; return { specversion: '1.0', id: `e${n}`, source: 'bench', type: n % 2 ? 'pos.sale' : 'wms.receipt', time: '2026-11-01T10:00:00Z', data: { sku: `S${n % 1000}`, node: `N${n % 10}`, qty: 1 } }; };
const t0 = performance.now();
const inflight: Promise<unknown>[] = [];
for (let i = 0; i < total / batch; i++) {
  const events = Array.from({ length: batch }, mk);
  inflight.push(ing.ingest(events, { allowedSource: null }));
  if (inflight.length >= 16) await inflight.shift();
}
await Promise.all(inflight);
const s = (performance.now() - t0) / 1000;
console.log(`${total} events in ${s.toFixed(2)}s = ${Math.round(total / s)} ev/s`);
console.log(await store.ledger.countMovements());

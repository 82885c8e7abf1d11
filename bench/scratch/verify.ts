import { postgresBenchBackend, sqliteBenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { loadMovementsAndPositions } from '../bulk-load.ts';
const skus = Number(process.argv[2] ?? 10_000);
const movements = Number(process.argv[3] ?? 1_000_000);
const which = process.argv[4] ?? 'both';
const backends = [sqliteBenchBackend('normal'), postgresBenchBackend('postgres://postgres@127.0.0.1:5432/test', null)].filter((b) => which === 'both' || b.name === which);
for (const backend of backends) {
  await withBenchDatabase(backend, async (db) => {
    await loadMovementsAndPositions(db, movements, skus, 10);
    if (process.argv[5] === 'break') await db.exec(`update position set available = available + 1 where sku = 'BENCH-000003'; insert into position (sku, node, damaged) values ('ZZ', 'B000', 2); delete from position where sku = 'BENCH-000005' and node = 'B001'`);
    const store = await db.openStore();
    const t = performance.now();
    const diff = await store.ledger.verifyProjection();
    console.log(backend.name, `${skus * 10} positions, ${movements} movements: ${((performance.now() - t) / 1000).toFixed(2)} s, ${diff.length} differences`, diff.slice(0, 3));
    await store.close();
  });
}

import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { SQLITE_MIGRATIONS } from '../../src/adapters/store-sqlite/schema.ts';

/**
 * The floor of the SQLite reservation benchmark, in a process of its own (forked by
 * reservations-http.ts, like bench-server-process.ts): a bare Fastify route that parses the
 * reservation body and runs one guarded update on one position of a WAL database, per request in
 * autocommit, with the `synchronous` setting given. No auth, no schema, no journal, no group commit.
 *
 *   update position set available = available - 1 where sku = ? and node = ? and available - 1 >= 0
 *
 * argv[2]: JSON `{ path, synchronous, skus }`. Messages: `{ ready: url }`, then on 'stop' it exits.
 */
type FloorConfig = { readonly path: string; readonly synchronous: 'full' | 'normal'; readonly skus: number };

const config = JSON.parse(process.argv[2] ?? '{}') as FloorConfig;
const db = new Database(config.path);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${config.synchronous}`);
for (const ddl of SQLITE_MIGRATIONS) db.exec(ddl);
const seed = db.prepare('insert into position (sku, node, available) values (?, ?, 1000000000)');
db.transaction(() => {
  for (let s = 0; s < config.skus; s++) seed.run(`FLOOR-${s}`, 'N0');
})();
const guard = db.prepare('update position set available = available - 1 where sku = ? and node = ? and available - 1 >= 0');
const app = Fastify({ logger: false });
app.post('/reserve', async (request, reply) => {
  const body = request.body as { lines: { sku: string }[] };
  const changed = guard.run(body.lines[0]?.sku ?? '', 'N0').changes;
  return reply.code(changed === 1 ? 201 : 409).send({ ok: changed === 1 });
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void app.close().then(() => {
    db.close();
    process.disconnect?.();
  });
});
process.send?.({ ready: address });

import { fork } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { createApiKey } from '../../src/app/api-keys.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { type BenchBackend, type BenchDatabase, withBenchDatabase } from '../bench-backends.ts';
import { benchSku, seedBenchNodesAndChannels } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, type Progress, skippedRows } from '../bench-result.ts';
import { startBenchServer } from '../bench-server.ts';
import { loadItemsAndPositions } from '../bulk-load.ts';
import { scratchSqlitePath } from '../scratch-database.ts';
import { postReservations } from './reservations-load.ts';

const SUITE = 'reservations over HTTP';
/** Keep-alive clients: concurrent checkouts, and what a group commit can gather. */
const CONNECTIONS = 64;
const SPREAD_SKUS = 10_000;
const SPREAD_NODES = 10;
/** Units at every spread position: never short, so every request is a real hold. */
const SPREAD_UNITS = 1_000;
const ORDERS_KEY = 'osk_bench-reservations-orders-key';

type Shape = 'hot' | 'spread';

/** Accepted holds beyond stock at any position, counted from the ledger (movements available → reserved). */
async function oversoldUnits(
  database: BenchDatabase,
  initial: (sku: string, node: string) => number,
): Promise<{ oversold: number; heldUnits: number; reservations: number }> {
  const taken = await database.rows<{ sku: string; node: string; qty: number | string }>(
    `select sku, from_node as node, sum(qty) as qty from movement where from_kind = 'available' and to_kind = 'reserved' group by sku, from_node`,
  );
  const positions = await database.rows<{ sku: string; node: string; available: number | string }>('select sku, node, available from position');
  const available = new Map(positions.map((p) => [`${p.sku}/${p.node}`, Number(p.available)]));
  let oversold = 0;
  let heldUnits = 0;
  for (const t of taken) {
    const qty = Number(t.qty);
    heldUnits += qty;
    oversold += Math.max(0, qty - initial(t.sku, t.node));
    // The projection must agree with the ledger: what was there, minus what was held.
    if (available.get(`${t.sku}/${t.node}`) !== initial(t.sku, t.node) - qty) throw new Error(`position ${t.sku}/${t.node} disagrees with its movements`);
  }
  const [count] = await database.rows<{ n: number | string }>(`select count(*) as n from reservation where status = 'active'`);
  return { oversold, heldUnits, reservations: Number(count?.n) };
}

/** Reservations per second of the production app over a real socket; fails unless every answer is 201 and the ledger agrees. */
async function omnistockReservations(database: BenchDatabase, shape: Shape, requests: number, progress: Progress): Promise<{ rate: number; oversold: number }> {
  const skus = shape === 'hot' ? 1 : SPREAD_SKUS;
  const nodes = shape === 'hot' ? 1 : SPREAD_NODES;
  const warmup = CONNECTIONS * 4;
  const hotUnits = requests + warmup + 1_000;
  const store = await database.openStore();
  try {
    await seedBenchNodesAndChannels(store, nodes);
    await createApiKey(store, systemClock, { name: 'bench orders', scopes: ['orders:write'], source: null }, ORDERS_KEY);
  } finally {
    await store.close();
  }
  await loadItemsAndPositions(database, skus);
  await database.exec(`update position set available = ${shape === 'hot' ? hotUnits : SPREAD_UNITS}`);
  const server = await startBenchServer({ app: 'omnistock', env: database.env, keySecret: 'osk_bench-reservations-unused', keySource: 'bench/unused' });
  const body = (n: number) => ({ channel: 'web', orderRef: `bench-${n}`, lines: [{ sku: benchSku(shape === 'hot' ? 0 : (n * 7919) % skus), qty: 1 }] });
  const options = { connections: CONNECTIONS, authorization: `Bearer ${ORDERS_KEY}`, body, key: (n: number) => `bench-${n}`, progress };
  let result: Awaited<ReturnType<typeof postReservations>>;
  try {
    await postReservations(`${server.url}/v1/reservations`, { from: requests, count: warmup }, { ...options, progress: () => undefined });
    result = await postReservations(`${server.url}/v1/reservations`, { from: 0, count: requests }, options);
  } finally {
    await server.stop();
  }
  if (result.created !== requests || result.other > 0)
    throw new Error(`${shape}: ${result.created} of ${requests} created, ${result.refused} refused, ${result.other} other (${result.firstOther})`);
  const audit = await oversoldUnits(database, () => (shape === 'hot' ? hotUnits : SPREAD_UNITS));
  if (audit.reservations !== requests + warmup || audit.heldUnits !== requests + warmup)
    throw new Error(`${shape}: ${audit.reservations} reservations and ${audit.heldUnits} units held for ${requests + warmup} requests`);
  return { rate: requests / result.seconds, oversold: audit.oversold };
}

/** Requests per second of the SQLite floor: a bare Fastify route doing one guarded update (reservations-floor-server.ts). */
async function sqliteFloor(shape: Shape, requests: number, progress: Progress): Promise<number> {
  const scratch = scratchSqlitePath();
  const skus = shape === 'hot' ? 1 : SPREAD_SKUS;
  const child = fork(new URL('./reservations-floor-server.ts', import.meta.url), [JSON.stringify({ path: scratch.path, synchronous: 'normal', skus })], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const [message] = (await once(child, 'message')) as [{ ready: string }];
    const body = (n: number) => ({ channel: 'web', orderRef: `floor-${n}`, lines: [{ sku: `FLOOR-${shape === 'hot' ? 0 : (n * 7919) % skus}`, qty: 1 }] });
    const options = { connections: CONNECTIONS, authorization: 'none', body, key: (n: number) => `floor-${n}`, progress };
    await postReservations(`${message.ready}/reserve`, { from: requests, count: CONNECTIONS * 4 }, options);
    const result = await postReservations(`${message.ready}/reserve`, { from: 0, count: requests }, options);
    if (result.created !== requests) throw new Error(`floor: ${result.created} of ${requests} updated`);
    return requests / result.seconds;
  } finally {
    const gone = once(child, 'exit');
    child.send('stop');
    await gone;
    scratch.dispose();
  }
}

/** Guarded updates per second on one hot PostgreSQL row, `CONNECTIONS` clients each in autocommit: the floor of the hot shape. */
async function postgresFloor(database: BenchDatabase, shape: Shape, seconds: number): Promise<number> {
  const skus = shape === 'hot' ? 1 : SPREAD_SKUS;
  await database.exec(`insert into position (sku, node, available)
    select 'FLOOR-' || s, 'N0', 1000000000 from generate_series(0, ${skus - 1}) s`);
  await database.exec('vacuum analyze position');
  const clients = Array.from({ length: CONNECTIONS }, () => new pg.Client({ connectionString: database.databaseUrl }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const text = 'update position set available = available - 1 where sku = $1 and node = $2 and available - 1 >= 0';
    let done = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        for (let n = i; performance.now() < deadline; n += CONNECTIONS) {
          const r = await c.query({ name: 'floor', text, values: [`FLOOR-${shape === 'hot' ? 0 : (n * 7919) % skus}`, 'N0'] });
          if (r.rowCount !== 1) throw new Error('floor: a guarded update failed');
          done++;
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

const metricOf = (shape: Shape) =>
  shape === 'hot'
    ? `POST /v1/reservations, hot: 1 SKU at 1 node, ${CONNECTIONS} connections`
    : `POST /v1/reservations, spread: ${SPREAD_SKUS.toLocaleString('en-US')} SKUs × ${SPREAD_NODES} nodes, sourced, ${CONNECTIONS} connections`;

const TARGETS: Record<BenchBackend['name'], Record<Shape, number>> = { sqlite: { hot: 8_000, spread: 8_000 }, postgres: { hot: 1_500, spread: 4_000 } };

async function shapeRow(backend: BenchBackend, shape: Shape, context: BenchContext): Promise<BenchRow> {
  const sqlite = backend.name === 'sqlite';
  const requests = sqlite ? (context.quick ? 3_000 : 30_000) : context.quick ? 1_000 : 15_000;
  const progress = (m: string) => context.progress(`${backend.name} ${shape}: ${m}`);
  progress(`${requests.toLocaleString('en-US')} reservations`);
  const measured = await withBenchDatabase(backend, (db) => omnistockReservations(db, shape, requests, progress));
  progress('floor');
  const floor = sqlite
    ? { name: 'bare Fastify + 1 guarded update (synchronous=normal)', value: await sqliteFloor(shape, requests, progress), unit: 'req/s' }
    : {
        name: `bare guarded update, ${CONNECTIONS} clients`,
        value: await withBenchDatabase(backend, (db) => postgresFloor(db, shape, context.quick ? 1 : 5)),
        unit: 'updates/s',
      };
  return {
    suite: SUITE,
    backend: backend.name,
    metric: metricOf(shape),
    value: measured.rate,
    unit: 'res/s',
    limit: floor,
    target: { value: TARGETS[backend.name][shape], direction: 'min' },
    note: `oversold units (ledger audit): ${measured.oversold}`,
  };
}

/**
 * Reservations per second over a real socket (issue 3): the production app in a child process,
 * `CONNECTIONS` keep-alive clients posting `POST /v1/reservations` with an Idempotency-Key, one
 * line of one unit each. Hot: one SKU at one node with enough stock; spread: 10,000 SKUs over 10
 * nodes, sourced by the channel. Every request must be answered 201; afterwards the ledger is
 * audited: units held per position (movements available → reserved) against the stock put there,
 * the oversold count beside the figure (must be 0), and the projection against the ledger. The
 * floor, measured in the same run: a bare Fastify route doing one guarded update (SQLite), or bare
 * guarded updates from as many PostgreSQL clients on one hot row (on one row per SKU, spread).
 */
export function reservationsHttpSuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        for (const shape of ['hot', 'spread'] as const) {
          if (backend.skipReason !== null) rows.push(...skippedRows(SUITE, backend, [{ metric: metricOf(shape), unit: 'res/s' }]));
          else rows.push(await shapeRow(backend, shape, context));
        }
      }
      // The table has no note column: the oversold count goes into the metric, where it is read.
      return rows.map((r) => (r.note === undefined ? r : { ...r, metric: `${r.metric}; ${r.note}` }));
    },
  };
}

import autocannon from 'autocannon';
import { type BenchBackend, type BenchDatabase, withBenchDatabase } from '../bench-backends.ts';
import { benchEvents, seedBenchMasterData } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, type Progress, skippedRows } from '../bench-result.ts';
import { startBenchServer } from '../bench-server.ts';
import { postAll } from '../http-post-load.ts';

const SUITE = 'ingest over HTTP';
const SKUS = 1_000;
const NODES = 10;
const BATCH_SIZE = 500;
const CONNECTIONS = 8;
const SOURCE = 'bench/pos';
const KEY_SECRET = 'osk_bench-events-write-key';

/** Request bodies `{ events: [...] }` of `BATCH_SIZE` events each, serialised before any clock starts. */
function eventBodies(from: number, events: number): Buffer[] {
  const bodies: Buffer[] = [];
  for (let at = from; at < from + events; at += BATCH_SIZE) {
    bodies.push(Buffer.from(JSON.stringify({ events: benchEvents(at, Math.min(BATCH_SIZE, from + events - at), SKUS, NODES, SOURCE) })));
  }
  return bodies;
}

/** Requests per second of a bare Fastify POST with a one-event body: what one HTTP request costs here. */
async function bareTinyPost(seconds: number): Promise<number> {
  const server = await startBenchServer({ app: 'bare' });
  try {
    const body = JSON.stringify(benchEvents(0, 1, SKUS, NODES)[0]);
    const result = await autocannon({
      url: `${server.url}/post`,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      connections: 10,
      duration: seconds,
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`bare POST: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return result.requests.total / (result.duration || seconds);
  } finally {
    await server.stop();
  }
}

/** Events per second of a bare Fastify POST parsing the very bodies the ingestion run posts. */
async function bareSameBodies(bodies: readonly Buffer[], progress: Progress): Promise<number> {
  const server = await startBenchServer({ app: 'bare' });
  try {
    const result = await postAll(`${server.url}/post`, bodies, { connections: CONNECTIONS, headers: {}, progress });
    if (result.non200 > 0) throw new Error(`bare POST: ${result.non200} answers were not 200`);
    return (bodies.length * BATCH_SIZE) / result.seconds;
  } finally {
    await server.stop();
  }
}

/** POST /v1/events on the production app over `database`; every event must be accepted and journalled once. */
async function omnistockIngest(database: BenchDatabase, events: number, progress: Progress): Promise<number> {
  const store = await database.openStore();
  await seedBenchMasterData(store, SKUS, NODES).finally(() => store.close());
  const warmupEvents = CONNECTIONS * 10;
  const warmup = Array.from({ length: CONNECTIONS }, (_, i) => Buffer.from(JSON.stringify({ events: benchEvents(events + i * 10, 10, SKUS, NODES, SOURCE) })));
  const bodies = eventBodies(0, events);
  const server = await startBenchServer({ app: 'omnistock', env: database.env, keySecret: KEY_SECRET, keySource: SOURCE });
  let result: Awaited<ReturnType<typeof postAll>>;
  try {
    result = await postAll(`${server.url}/v1/events`, bodies, {
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${KEY_SECRET}` },
      warmup,
      progress,
    });
  } finally {
    await server.stop();
  }
  if (result.non200 > 0 || result.accepted !== events)
    throw new Error(`${result.non200} answers were not 200 and ${result.accepted} of ${events} events accepted`);
  const [count] = await database.rows<{ n: number | string }>('select count(*) as n from movement');
  if (Number(count?.n) !== events + warmupEvents) throw new Error(`${count?.n} movements for ${events + warmupEvents} events`);
  return events / result.seconds;
}

const METRIC = `POST /v1/events, batches of ${BATCH_SIZE}, ${CONNECTIONS} connections`;

async function backendRow(backend: BenchBackend, context: BenchContext, limit: { tinyPost: number; sameBodies: number }): Promise<BenchRow> {
  const sqlite = backend.name === 'sqlite';
  const events = sqlite ? (context.quick ? 50_000 : 200_000) : context.quick ? 20_000 : 100_000;
  context.progress(`${backend.name}, ${events.toLocaleString('en-US')} events`);
  const rate = await withBenchDatabase(backend, (db) => omnistockIngest(db, events, (m) => context.progress(`${backend.name}: ${m}`)));
  return {
    suite: SUITE,
    backend: backend.name,
    metric: METRIC,
    value: rate,
    unit: 'events/s',
    limit: { name: 'bare POST', value: limit.tinyPost, unit: 'req/s' },
    target: { value: sqlite ? 50_000 : 10_000, direction: 'min' },
    note: `${(rate / limit.sameBodies).toFixed(2)}× the bare POST of the same bodies`,
  };
}

/**
 * Ingestion over a real socket: the production app in a child process listening on 127.0.0.1,
 * `CONNECTIONS` keep-alive clients in this process posting pre-serialised batches. The limit is a
 * bare Fastify POST in the same run (autocannon, one-event body), reported in requests/s as the
 * issue states it; a bare POST of the same 500-event bodies shows what parsing them alone costs.
 */
export function ingestHttpSuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      context.progress('bare Fastify POST, tiny body (autocannon)');
      const tinyPost = await bareTinyPost(context.quick ? 3 : 10);
      context.progress('bare Fastify POST, the same 500-event bodies');
      const sameBodies = await bareSameBodies(eventBodies(0, context.quick ? 50_000 : 200_000), (m) => context.progress(`bare same bodies: ${m}`));
      const rows: BenchRow[] = [
        { suite: SUITE, backend: '-', metric: 'bare Fastify POST, one-event body, 10 connections (autocannon)', value: tinyPost, unit: 'req/s' },
        { suite: SUITE, backend: '-', metric: `bare Fastify POST, the same 500-event bodies, ${CONNECTIONS} connections`, value: sameBodies, unit: 'events/s' },
      ];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) rows.push(...skippedRows(SUITE, backend, [{ metric: METRIC, unit: 'events/s' }]));
        else rows.push(await backendRow(backend, context, { tinyPost, sameBodies }));
      }
      return rows;
    },
  };
}

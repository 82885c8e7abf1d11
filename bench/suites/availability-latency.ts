import { type BenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { benchSku, seedBenchNodesAndChannels } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, skippedRows } from '../bench-result.ts';
import { startBenchServer } from '../bench-server.ts';
import { loadItemsAndPositions } from '../bulk-load.ts';
import { type LatencyResult, sequentialGetLatency } from '../http-get-latency.ts';

const SUITE = 'availability read';
const SKUS = 10_000;
const NODES = 10;
const WARMUP = 500;
const KEY_SECRET = 'osk_bench-inventory-read-key';

/** SKUs in a spread order, so consecutive requests hit different rows and pages. */
const skuAt = (i: number): string => benchSku((i * 7919) % SKUS);

function checkAvailability(status: number, body: string): void {
  if (status !== 200) throw new Error(`GET /v1/availability answered ${status}: ${body.slice(0, 200)}`);
  const answer = JSON.parse(body) as { ats: number; nodes: unknown[] };
  // Every loaded position holds stock, so an ats of 0 means the projection is missing.
  if (!(answer.ats > 0) || answer.nodes.length !== NODES) throw new Error(`GET /v1/availability answered without the projection: ${body.slice(0, 200)}`);
}

/** Latency of the production app over `backend` with `SKUS` × `NODES` positions loaded. */
async function omnistockLatency(backend: BenchBackend, context: BenchContext, requests: number): Promise<LatencyResult> {
  return withBenchDatabase(backend, async (database) => {
    context.progress(`${backend.name}: loading ${(SKUS * NODES).toLocaleString('en-US')} positions (raw SQL)`);
    const store = await database.openStore();
    await seedBenchNodesAndChannels(store, NODES).finally(() => store.close());
    await loadItemsAndPositions(database, SKUS);
    context.progress(`${backend.name}: server start (rebuilds the channel-availability projection)`);
    const server = await startBenchServer({ app: 'omnistock', env: database.env, keySecret: KEY_SECRET, keySource: 'bench/none' });
    try {
      return await sequentialGetLatency((i) => `/v1/availability/${skuAt(i)}?channel=web`, {
        baseUrl: server.url,
        requests,
        warmup: WARMUP,
        headers: { authorization: `Bearer ${KEY_SECRET}` },
        check: checkAvailability,
        progress: (m) => context.progress(`${backend.name}: ${m}`),
      });
    } finally {
      await server.stop();
    }
  });
}

/** The same sequential client against a bare Fastify GET: the floor of one request over this socket. */
async function bareLatency(context: BenchContext, requests: number): Promise<LatencyResult> {
  const server = await startBenchServer({ app: 'bare' });
  try {
    return await sequentialGetLatency((i) => `/get/${skuAt(i)}`, {
      baseUrl: server.url,
      requests,
      warmup: WARMUP,
      headers: {},
      check: (status) => {
        if (status !== 200) throw new Error(`bare GET answered ${status}`);
      },
      progress: (m) => context.progress(`bare GET: ${m}`),
    });
  } finally {
    await server.stop();
  }
}

/**
 * `GET /v1/availability/{sku}?channel=web` latency, p50 and p99, with 100,000 positions loaded
 * (10,000 SKUs × 10 nodes, raw SQL) and the projection built by the server's own start-up
 * rebuild. Sequential requests over one real keep-alive socket on loopback, after a warm-up,
 * beside a bare Fastify GET measured the same way.
 */
export function availabilityLatencySuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const requests = context.quick ? 2_000 : 10_000;
      const bare = await bareLatency(context, requests);
      const metric = (q: string) => `GET /v1/availability/{sku}?channel= ${q}, ${(SKUS * NODES).toLocaleString('en-US')} positions, sequential`;
      const rows: BenchRow[] = [
        { suite: SUITE, backend: '-', metric: 'bare Fastify GET p50, sequential', value: bare.p50Ms, unit: 'ms' },
        { suite: SUITE, backend: '-', metric: 'bare Fastify GET p99, sequential', value: bare.p99Ms, unit: 'ms' },
      ];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) {
          rows.push(...skippedRows(SUITE, backend, [{ metric: metric('p99'), unit: 'ms' }]));
          continue;
        }
        const measured = await omnistockLatency(backend, context, requests);
        const note = `${measured.requests.toLocaleString('en-US')} requests after ${WARMUP} warm-up, max ${measured.maxMs.toFixed(1)} ms`;
        rows.push(
          {
            suite: SUITE,
            backend: backend.name,
            metric: metric('p50'),
            value: measured.p50Ms,
            unit: 'ms',
            limit: { name: 'bare GET p50', value: bare.p50Ms, unit: 'ms' },
            note,
          },
          {
            suite: SUITE,
            backend: backend.name,
            metric: metric('p99'),
            value: measured.p99Ms,
            unit: 'ms',
            limit: { name: 'bare GET p99', value: bare.p99Ms, unit: 'ms' },
            target: { value: 5, direction: 'max' },
            note,
          },
        );
      }
      return rows;
    },
  };
}

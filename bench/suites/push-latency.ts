import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../../src/app/api-keys.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { type BenchBackend, type BenchDatabase, withBenchDatabase } from '../bench-backends.ts';
import { benchNode, benchSku, seedBenchMasterData } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, skippedRows } from '../bench-result.ts';

const SUITE = 'event → channel push';
const BIN = fileURLToPath(new URL('../../bin/omnistock.js', import.meta.url));
const EVENTS_PER_SECOND = 2_000;
/** One request every TICK_MS: 20 events per request at 2,000 events/s. */
const TICK_MS = 10;
const SKUS = 1_000;
const NODES = 4;
const SOURCE = 'bench/wms';
const ADMIN_KEY = 'osk_bench-push-latency-admin-key-0123456789';
const EVENTS_KEY = 'osk_bench-push-latency-events-key';
const FEED_SECRET = 'bench-feed-secret';

type Receiver = { url: string; updates: number; stop(): Promise<void> };

/** The local webhook: acknowledges every push at once (200), counting the updates it carried. */
async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', updates: 0, stop: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.updates += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { updates: unknown[] }).updates.length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
  receiver.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

/** A port free a moment ago on 127.0.0.1 (the OS picks it; the server binds it right after). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `omnistock serve --feeds` as a user runs it (dispatcher, sweeper and all), resolved once /health answers. */
async function startServe(database: BenchDatabase, feedsFile: string): Promise<{ address: string; child: ChildProcess }> {
  // Request logs off (warn), as in production under load; so the address is not logged and the port is chosen here.
  const env = { ...process.env, ...database.env, OMNISTOCK_ADMIN_KEY: ADMIN_KEY, BENCH_FEED_SECRET: FEED_SECRET, LOG_LEVEL: 'warn' };
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--no-demo', '--feeds', feedsFile], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (
      (await fetch(`${address}/health`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return { address, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`omnistock serve did not start:\n${output.slice(-2_000)}`);
}

function post(agent: Agent, url: URL, body: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Receipts of one unit each, round-robin over SKUs and nodes: every event changes the web channel's availability of its SKU. */
function eventBatch(from: number, count: number): string {
  const events = Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const data = { sku: benchSku(n % SKUS), node: benchNode(Math.floor(n / SKUS) % NODES), qty: 1 };
    return { specversion: '1.0', id: `push-${n}`, source: SOURCE, type: 'wms.receipt', time: new Date().toISOString(), data };
  });
  return JSON.stringify({ events });
}

/**
 * Open loop: a batch of `EVENTS_PER_SECOND × TICK_MS / 1000` events every tick, sent whether or
 * not earlier requests were answered (a steady source does not wait), for `seconds`.
 */
async function steadyEvents(address: string, seconds: number): Promise<{ sent: number; failed: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(`${address}/v1/events`);
  const perTick = (EVENTS_PER_SECOND * TICK_MS) / 1000;
  const ticks = Math.round((seconds * 1000) / TICK_MS);
  const pending: Promise<number>[] = [];
  const started = performance.now();
  for (let t = 0; t < ticks; t++) {
    const due = started + t * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(agent, url, eventBatch(t * perTick, perTick), `Bearer ${EVENTS_KEY}`));
  }
  const statuses = await Promise.all(pending);
  agent.destroy();
  return { sent: ticks * perTick, failed: statuses.filter((s) => s !== 200).length };
}

type ChannelPush = { count: number; latencyMsP50: number | null; latencyMsP99: number | null; outboxRows: Record<string, number> };

async function channelPush(address: string, sinceIso: string): Promise<ChannelPush> {
  const response = await fetch(`${address}/v1/stats?channel=web&since=${encodeURIComponent(sinceIso)}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return ((await response.json()) as { channelPush: ChannelPush }).channelPush;
}

/** Push latency p50/p99 at a steady event rate, as `GET /v1/stats` reports it (event arrival → webhook acknowledgement). */
async function measure(database: BenchDatabase, seconds: number, progress: (m: string) => void): Promise<ChannelPush & { updates: number }> {
  const store = await database.openStore();
  try {
    await seedBenchMasterData(store, SKUS, NODES);
    await createApiKey(store, systemClock, { name: 'bench wms', scopes: ['events:write'], source: SOURCE }, EVENTS_KEY);
  } finally {
    await store.close();
  }
  const receiver = await startReceiver();
  const feedsFile = join(dirname(database.databaseUrl.replace(/^sqlite:/, '')), 'feeds.yaml');
  const feedsPath = database.backend === 'sqlite' ? feedsFile : join(process.env.TMPDIR ?? '/tmp', `omnistock-bench-feeds-${process.pid}.yaml`);
  writeFileSync(
    feedsPath,
    `feeds:\n  web:\n    type: webhook\n    url: ${receiver.url}\n    secretEnv: BENCH_FEED_SECRET\n    requestsPerSecond: 1000\n    burst: 100\n    timeoutMs: 5000\n`,
  );
  const server = await startServe(database, feedsPath);
  try {
    const since = new Date().toISOString();
    progress(`${(seconds * EVENTS_PER_SECOND).toLocaleString('en-US')} events at ${EVENTS_PER_SECOND}/s`);
    const sent = await steadyEvents(server.address, seconds);
    if (sent.failed > 0) throw new Error(`${sent.failed} event requests were not answered 200`);
    // Let the outbox drain: every pending row delivered (or the deadline passes and the row counts as missing).
    const deadline = Date.now() + 15_000;
    let stats = await channelPush(server.address, since);
    while ((stats.outboxRows.pending ?? 0) > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      stats = await channelPush(server.address, since);
    }
    if ((stats.outboxRows.pending ?? 0) > 0 || (stats.outboxRows.dead ?? 0) > 0) throw new Error(`outbox not drained: ${JSON.stringify(stats.outboxRows)}`);
    return { ...stats, updates: receiver.updates };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await receiver.stop();
  }
}

async function backendRows(backend: BenchBackend, context: BenchContext): Promise<BenchRow[]> {
  const seconds = context.quick ? 3 : 20;
  const stats = await withBenchDatabase(backend, (db) => measure(db, seconds, (m) => context.progress(`${backend.name}: ${m}`)));
  const metric = (p: string) =>
    `${p}, ${EVENTS_PER_SECOND.toLocaleString('en-US')} events/s for ${seconds} s to a local webhook (${stats.count.toLocaleString('en-US')} rows delivered, ${stats.updates.toLocaleString('en-US')} updates received)`;
  const target = backend.name === 'sqlite' ? { target: { value: 250, direction: 'max' as const } } : {};
  return [
    { suite: SUITE, backend: backend.name, metric: metric('p50'), value: stats.latencyMsP50, unit: 'ms' },
    { suite: SUITE, backend: backend.name, metric: metric('p99'), value: stats.latencyMsP99, unit: 'ms', ...target },
  ];
}

/**
 * Event-to-channel push latency (issue 3): the real `omnistock serve --feeds` in a child process
 * with a webhook feed for the `web` channel pointing at a receiver in this process that
 * acknowledges at once. Receipts arrive at a steady 2,000 events/s (open loop: one batch of 20
 * every 10 ms); each changes the web channel's availability of its SKU, so an outbox row is
 * written with the movement and pushed by the dispatcher. Latency = the receiver's acknowledgement
 * − the causing event's arrival, as recorded per delivered row and read from `GET /v1/stats`
 * (nearest-rank p50/p99) once the outbox has drained. SQLite only in --quick (the target is
 * SQLite's); both databases in the full run.
 */
export function pushLatencySuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        const metrics = [
          { metric: 'p50', unit: 'ms' },
          { metric: 'p99', unit: 'ms' },
        ];
        if (backend.skipReason !== null) rows.push(...skippedRows(SUITE, backend, metrics));
        else if (context.quick && backend.name !== 'sqlite')
          rows.push(...metrics.map((m) => ({ suite: SUITE, backend: backend.name, ...m, value: null, skipped: 'full run only' })));
        else rows.push(...(await backendRows(backend, context)));
      }
      return rows;
    },
  };
}

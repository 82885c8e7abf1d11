// The simulation port over Omnistock's own HTTP API (`omnistock simulate --url`): every method of
// the HTTP target against the real app listening on 127.0.0.1 (scratch SQLite store, fake clock),
// the refusals before a run (used ledger, wrong key, read-only key, unreachable server), batching
// and bounded concurrency, and parity: the same calls through the in-process engine
// (openSimulationEngine) give the same verdicts, units, positions, orders and cases, and a whole
// scaled-down fashion-weekend run gives the same outcomes and details when the server's clock
// follows the runner (a live server keeps wall time; docs/simulator.md, "Over HTTP").
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpSimulationTarget } from '../../src/adapters/simulation-http/http-simulation-target.ts';
import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import { createApiKey } from '../../src/app/api-keys.ts';
import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { type SimulationResult, simulate } from '../../src/app/simulation/simulate.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';
import type { OpenSimulationTarget, SimulationMasterData, SimulationOrder, SimulationTarget, SimulationVerdict } from '../../src/ports/simulation-target.ts';
import { cloudEvent } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { fakeClock } from '../support/workflow-harness.ts';
import { type ListeningApp, listenWorkflowApp } from '../support/workflow-http.ts';

const START_MS = Date.parse('2026-11-01T12:00:00Z');
const EVENT_TIME = '2026-11-01T10:00:00Z';
const BERLIN = { latitude: 52.5, longitude: 13.4 };

const item = (sku: string, substitutes: string[] = []) => ({
  sku,
  name: sku,
  category: 'outerwear',
  unitCost: 40,
  unitPrice: 120,
  serialized: false,
  substitutes,
});

/** Two SKUs (SUB substitutes A), a DC and a store, one web channel that accepts substitutes. */
const MASTER: SimulationMasterData = {
  items: [item('A', ['SUB']), item('SUB')],
  nodes: [
    { nodeId: 'DC', type: 'dc', name: 'Central DC', region: 'north', latitude: 51.0, longitude: 10.0, capacityPerDay: 1000, fulfils: ['ship'] },
    { nodeId: 'ST', type: 'store', name: 'Berlin Mitte', region: 'north', latitude: 52.52, longitude: 13.4, capacityPerDay: 200, fulfils: ['ship', 'pickup'] },
  ],
  channels: [{ channelId: 'web', type: 'web', name: 'Web shop', priority: 10, marginTier: 'high', nodes: ['DC', 'ST'] }],
  policyYaml: 'version: 1\nchannels:\n  web:\n    autoAcceptSubstitutes: true\n',
};

const event = (id: string, type: string, data: Record<string, unknown>) => cloudEvent(type, data, { id, source: 'simulator/wms', time: EVENT_TIME });
const receipt = (id: string, sku: string, node: string, qty: number) => event(id, 'wms.receipt', { sku, node, qty });

/** What the port promises and nothing more (the in-process target hands over its richer records as they are). */
const verdictsOf = (verdicts: readonly SimulationVerdict[]) => verdicts.map((v) => ({ status: v.status }));
const orderOf = (order: SimulationOrder | undefined) =>
  order && {
    fulfilmentOrders: order.fulfilmentOrders.map((f) => ({
      id: f.id,
      node: f.node,
      status: f.status,
      lines: f.lines.map((l) => ({ sku: l.sku, qty: l.qty, pickedQty: l.pickedQty })),
    })),
    shortPicks: order.shortPicks,
    notifications: order.notifications,
  };

/** One pass over every method; what the engine answered, with its generated ids replaced so two engines compare. */
async function drive(target: SimulationTarget) {
  await target.loadMasterData(MASTER);
  const opening = await target.ingest([receipt('open-A-DC', 'A', 'DC', 4), receipt('open-SUB-DC', 'SUB', 'DC', 5), receipt('open-SUB-ST', 'SUB', 'ST', 2)]);
  const repeat = await target.ingest([receipt('open-A-DC', 'A', 'DC', 4), event('bad-1', 'pos.sale', { sku: '', node: 'ST', qty: 0 })]);
  const placed = await target.placeOrder({ channel: 'web', orderRef: 'o-1', lines: [{ sku: 'A', qty: 2 }], shipTo: BERLIN });
  const refused = await target.placeOrder({ channel: 'web', orderRef: 'o-2', lines: [{ sku: 'A', qty: 50 }], shipTo: BERLIN });
  const confirmed = await target.reserveAndConfirm({ channel: 'web', orderRef: 'o-3', lines: [{ sku: 'A', qty: 1 }], shipTo: BERLIN }, 'idem-o-3');
  const holdRefused = await target.reserveAndConfirm({ channel: 'web', orderRef: 'o-4', lines: [{ sku: 'A', qty: 50 }], shipTo: BERLIN }, 'idem-o-4');
  // A till sale the ledger did not expect takes the store below zero (a case), a receipt restores it (auto-resolved).
  const oversold = await target.ingest([event('sale-1', 'pos.sale', { sku: 'SUB', node: 'ST', qty: 3 })]);
  const restored = await target.ingest([receipt('rcv-SUB-ST', 'SUB', 'ST', 4)]);
  const pickup = await target.placeOrder({ channel: 'web', orderRef: 'o-5', lines: [{ sku: 'SUB', qty: 1 }], pickupNode: 'ST' });
  if (placed === null || confirmed === null || pickup === null) throw new Error(`an order was refused: ${placed} ${confirmed} ${pickup}`);
  const before = await target.order(placed);
  const firstFulfilment = before?.fulfilmentOrders[0]?.id ?? 'missing';
  const shortPick = await target.ingest([
    event('short-1', 'fulfillment.short_picked', { fulfilmentOrderId: firstFulfilment, picked: [{ sku: 'A', pickedQty: 1 }] }),
  ]);
  const after = await target.order(placed);
  const openedReturn = await target.openReturn({ orderRef: 'o-1', channel: 'web', node: 'DC', reason: 'too small', lines: [{ sku: 'A', qty: 1 }] });
  const badReturn = await target.openReturn({ orderRef: 'o-1', channel: 'web', node: 'NOWHERE', reason: 'too small', lines: [{ sku: 'A', qty: 1 }] });
  const returned = 'id' in openedReturn ? await target.returnOf(openedReturn.id) : undefined;
  const ids = (text: string) => text.replaceAll(placed, '<o-1>').replaceAll(confirmed, '<o-3>').replaceAll(pickup, '<o-5>');
  const units = await target.channelUnits('web', ['A', 'SUB']);
  return {
    verdicts: {
      opening: verdictsOf(opening),
      repeat: verdictsOf(repeat),
      oversold: verdictsOf(oversold),
      restored: verdictsOf(restored),
      shortPick: verdictsOf(shortPick),
    },
    refused: { refused, holdRefused },
    orders: JSON.parse(
      ids(
        JSON.stringify({
          before: orderOf(before),
          after: orderOf(after),
          confirmed: orderOf(await target.order(confirmed)),
          pickup: orderOf(await target.order(pickup)),
        }),
      ),
    ),
    units: { A: units.get('A') ?? 0, SUB: units.get('SUB') ?? 0 },
    positions: await target.positions(['A', 'SUB', 'UNKNOWN'], ['DC', 'ST']),
    cases: [...(await target.cases())].sort((a, b) => a.type.localeCompare(b.type)),
    returns: { opened: 'id' in openedReturn, badReturn, returned },
    absent: { order: await target.order('no-such-order'), return: await target.returnOf('no-such-return') },
  };
}

describe('the HTTP simulation target against a listening Omnistock', () => {
  let opened: OpenedStore;
  let server: ListeningApp;
  let adminKey: string;
  let http: Awaited<ReturnType<typeof drive>>;
  let inProcess: Awaited<ReturnType<typeof drive>>;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    opened = await sqliteBackend.open();
    const clock = fakeClock(START_MS);
    server = await listenWorkflowApp(opened.store, clock);
    adminKey = (await createApiKey(opened.store, clock, { name: 'simulator', scopes: ['admin'], source: null })).secret;
    let t = performance.now();
    const target = await openHttpSimulationTarget({ url: `${server.baseUrl}/`, apiKey: adminKey })(START_MS);
    http = await drive(target);
    await target.dispose();
    timings.http = performance.now() - t;
    t = performance.now();
    const engine = await openSimulationEngine(START_MS);
    inProcess = await drive(engine);
    await engine.dispose();
    timings.inProcess = performance.now() - t;
  });
  afterAll(async () => {
    console.info(`one pass: over HTTP ${timings.http?.toFixed(0)} ms, in-process ${timings.inProcess?.toFixed(0)} ms`);
    await server?.close();
    await opened?.dispose();
  });

  it('hands events over in order and maps each verdict', () => {
    expect(http.verdicts).toEqual({
      opening: [{ status: 'accepted' }, { status: 'accepted' }, { status: 'accepted' }],
      repeat: [{ status: 'duplicate' }, { status: 'rejected' }],
      oversold: [{ status: 'accepted' }],
      restored: [{ status: 'accepted' }],
      shortPick: [{ status: 'accepted' }],
    });
  });

  it('places, reserves and confirms orders, and answers null when stock is short', () => {
    expect(http.refused).toEqual({ refused: null, holdRefused: null });
    expect(http.orders.before).toEqual({
      fulfilmentOrders: [{ id: '<o-1>/F1', node: 'DC', status: 'allocated', lines: [{ sku: 'A', qty: 2, pickedQty: null }] }],
      shortPicks: [],
      notifications: 0,
    });
    expect(http.orders.confirmed.fulfilmentOrders).toMatchObject([{ node: 'DC', status: 'allocated', lines: [{ sku: 'A', qty: 1 }] }]);
    expect(http.orders.pickup.fulfilmentOrders).toMatchObject([{ node: 'ST', status: 'allocated', lines: [{ sku: 'SUB', qty: 1 }] }]);
  });

  it('reads a short pick back as an accepted substitute', () => {
    expect(http.orders.after.shortPicks).toEqual([
      { sku: 'A', status: 'substitute_accepted', reroutedQty: 0, cancelledQty: 0, substitute: { sku: 'SUB', qty: 1 } },
    ]);
    // The customer is told about the substitute.
    expect(http.orders.after.notifications).toBe(1);
    expect(http.orders.after.fulfilmentOrders[0]).toMatchObject({ id: '<o-1>/F1', status: 'short_picked', lines: [{ sku: 'A', qty: 2, pickedQty: 1 }] });
    expect(http.orders.after.fulfilmentOrders[1]).toEqual({
      id: '<o-1>/F2',
      node: 'ST',
      status: 'allocated',
      lines: [{ sku: 'SUB', qty: 1, pickedQty: null }],
    });
  });

  it('reads channel units and positions, absent SKUs and nodes left out', () => {
    // A at DC: 4 received, 2 allocated to o-1 and 1 to o-3, 1 of o-1's lost to the short pick (allocated → shrink).
    // SUB at ST: 2 − 3 sold + 4 received, then 1 allocated to the pickup o-5 and 1 as o-1's substitute.
    expect(http.units).toEqual({ A: 1, SUB: 6 });
    const figures = http.positions.map((p) => [p.sku, p.node, p.available, p.reserved, p.allocated, p.lastCountedAtMs]);
    expect(figures).toEqual([
      ['A', 'DC', 1, 0, 2, null],
      ['SUB', 'DC', 5, 0, 0, null],
      ['SUB', 'ST', 1, 0, 2, null],
    ]);
  });

  it('lists every case, the one the receipt closed as auto-resolved', () => {
    expect(http.cases).toEqual([
      { type: 'failed_integration', autoResolved: false },
      { type: 'negative_available', autoResolved: true },
    ]);
  });

  it('opens a return, names the field of a bad one, and reads it back', () => {
    expect(http.returns.opened).toBe(true);
    expect(http.returns.badReturn).toEqual({ error: 'no node NOWHERE; create it with PUT /v1/nodes/{nodeId}' });
    expect(http.returns.returned).toEqual({ receivedAtMs: null, restockedAtMs: null, units: [{ sku: 'A', serial: null, state: 'authorised' }] });
    expect(http.absent).toEqual({ order: undefined, return: undefined });
  });

  it('answers what the in-process engine answers', () => {
    expect(http).toEqual(inProcess);
  });

  it('refuses a server whose ledger is not empty, saying how to start a fresh one', async () => {
    await expect(openHttpSimulationTarget({ url: server.baseUrl, apiKey: adminKey })(START_MS)).rejects.toThrow(
      /already holds stock movements.*OMNISTOCK_DATABASE_URL=sqlite:\/tmp\/sim\.sqlite omnistock serve --no-demo/,
    );
  });

  it('refuses an unknown key and a key without the admin scope, saying how to create one', async () => {
    await expect(openHttpSimulationTarget({ url: server.baseUrl, apiKey: 'not-a-key' })(START_MS)).rejects.toThrow(
      /API key was refused.*omnistock keys create --name simulator --scope admin/,
    );
    const reader = (await createApiKey(opened.store, fakeClock(START_MS), { name: 'reader', scopes: ['inventory:read'], source: null })).secret;
    await expect(openHttpSimulationTarget({ url: server.baseUrl, apiKey: reader })(START_MS)).rejects.toThrow(/not an admin key.*omnistock keys create/);
    await expect(openHttpSimulationTarget({ url: server.baseUrl, apiKey: '' })(START_MS)).rejects.toThrow(/no API key.*--api-key/);
  });

  it('says how to start a server it cannot reach, and refuses an address that is not http(s)', async () => {
    const port = await closedPort();
    await expect(openHttpSimulationTarget({ url: `http://127.0.0.1:${port}`, apiKey: adminKey })(START_MS)).rejects.toThrow(
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(GET /health: ECONNREFUSED\\): start it with \`omnistock serve\``),
    );
    await expect(openHttpSimulationTarget({ url: 'localhost:8080', apiKey: adminKey })(START_MS)).rejects.toThrow(/not an http:\/\/ or https:\/\/ address/);
  });
});

describe('the HTTP simulation target on a second fresh server', () => {
  let opened: OpenedStore;
  let server: ListeningApp;
  let adminKey: string;

  beforeAll(async () => {
    opened = await sqliteBackend.open();
    const clock = fakeClock(START_MS);
    server = await listenWorkflowApp(opened.store, clock);
    adminKey = (await createApiKey(opened.store, clock, { name: 'simulator', scopes: ['admin'], source: null })).secret;
  });
  afterAll(async () => {
    await server?.close();
    await opened?.dispose();
  });

  it('batches and bounds its requests, retries an overloaded answer, and stores the policy above the version in force', async () => {
    // A policy already in force (a server started with --policy) with a higher document version than the scenario's.
    expect((await server.call('PUT', '/v1/policies', { document: 'version: 3\n' })).status).toBe(200);
    let inFlight = 0;
    let inFlightMax = 0;
    const calls: string[] = [];
    let overloadedOnce = false;
    const counting: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      calls.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname === '/v1/events' && !overloadedOnce) {
        overloadedOnce = true;
        return new Response(JSON.stringify({ code: 'overloaded', message: 'the ingest queue is full' }), { status: 503, headers: { 'retry-after': '0' } });
      }
      inFlight++;
      inFlightMax = Math.max(inFlightMax, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const target = await openHttpSimulationTarget({ url: server.baseUrl, apiKey: adminKey, fetch: counting })(START_MS);
    const skus = Array.from({ length: 40 }, (_, i) => `S-${String(i).padStart(3, '0')}`);
    const t = performance.now();
    await target.loadMasterData({ ...MASTER, items: skus.map((sku) => item(sku)) });
    const loadMs = performance.now() - t;
    expect(inFlightMax).toBeGreaterThan(1);
    expect(inFlightMax).toBeLessThanOrEqual(16);
    const current = await server.call('GET', '/v1/policies/current');
    expect(current.body.policy).toMatchObject({ version: 4, channels: { web: { autoAcceptSubstitutes: true } } });

    const receipts = Array.from({ length: 1_001 }, (_, i) => receipt(`r-${i}`, skus[i % skus.length] as string, 'DC', 1));
    const t2 = performance.now();
    const verdicts = await target.ingest(receipts);
    const ingestMs = performance.now() - t2;
    expect(verdicts).toHaveLength(1_001);
    expect(verdicts.every((v) => v.status === 'accepted')).toBe(true);
    // One refused with 503 and retried, then 1,000 + 1.
    expect(calls.filter((c) => c === 'POST /v1/events')).toHaveLength(3);

    const units = await target.channelUnits('web', skus);
    expect([...units.values()].reduce((a, b) => a + b, 0)).toBe(1_001);
    expect(calls.filter((c) => c === 'GET /v1/availability')).toHaveLength(1);
    const t3 = performance.now();
    const positions = await target.positions(skus, ['DC', 'ST']);
    const positionsMs = performance.now() - t3;
    expect(positions.map((p) => p.sku)).toEqual(skus);
    expect(positions.reduce((n, p) => n + p.available, 0)).toBe(1_001);
    await target.dispose();
    console.info(
      `40 items loaded in ${loadMs.toFixed(0)} ms (max ${inFlightMax} in flight), 1,001 events ingested in ${ingestMs.toFixed(0)} ms, positions of 40 SKUs in ${positionsMs.toFixed(0)} ms`,
    );
  });

  it('throws for a request the server refuses, naming the method, path, status and message', async () => {
    // This server's ledger is no longer empty, so the target is opened on a new one.
    const target = await openFreshTargetOnNewServer();
    try {
      await expect(target.target.placeOrder({ channel: 'nope', orderRef: 'x-1', lines: [{ sku: 'A', qty: 1 }] })).rejects.toThrow(
        /POST \/v1\/orders at http:\/\/127\.0\.0\.1:\d+ answered 404 unknown_channel: no channel nope; .*the server does not know what was asked/,
      );
    } finally {
      await target.close();
    }
  });
});

describe('a whole simulation over HTTP', () => {
  it('gives the in-process outcomes and details when the server’s clock follows the runner', async () => {
    const loaded = await loadScenarioFile(new URL('../../scenarios/fashion-weekend.yaml', import.meta.url).pathname);
    if (!loaded.ok) throw new Error(loaded.error);
    const run = async (openTarget: OpenSimulationTarget) => {
      const t = performance.now();
      const result = await simulate({
        scenario: loaded.value,
        seed: 3,
        overrides: { skus: 12, stores: 4 },
        runs: [{ sync: { kind: 'event' }, exposureBuffers: true }],
        openTarget,
        wallNowMs: () => Date.now(),
      });
      return { ms: performance.now() - t, result: withoutWall(result) };
    };
    const inProcess = await run(openSimulationEngine);
    const overHttp = await run(serverOnRunnersClock);
    console.info(`fashion-weekend, 12 SKUs, 4 stores, 60 h: in-process ${inProcess.ms.toFixed(0)} ms, over HTTP ${overHttp.ms.toFixed(0)} ms`);
    expect(overHttp.result.runs[0]?.ordersAccepted).toBeGreaterThan(0);
    expect(overHttp.result).toEqual(inProcess.result);
  });
});

const withoutWall = (r: SimulationResult) => ({ runs: r.report.runs.map(({ wallSeconds: _, ...rest }) => rest), details: r.details });

/**
 * The HTTP target against a server in this process whose clock is moved by the runner's `setTime`,
 * as the in-process engine's is: what remains different from the in-process run is the adapter.
 */
const serverOnRunnersClock: OpenSimulationTarget = async (startMs) => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-http-sim-'));
  const clock = fakeClock(startMs);
  const store = openSqliteStore({ path: join(dir, 'server.sqlite'), synchronous: 'normal', now: clock.now });
  const server = await listenWorkflowApp(store, clock);
  const key = (await createApiKey(store, clock, { name: 'simulator', scopes: ['admin'], source: null })).secret;
  const target = await openHttpSimulationTarget({ url: server.baseUrl, apiKey: key })(startMs);
  return {
    ...target,
    setTime: (ms) => clock.set(Math.max(clock.now(), ms)),
    dispose: async () => {
      await target.dispose();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A target on a server of its own, opened while its ledger is still empty. */
async function openFreshTargetOnNewServer() {
  const opened = await sqliteBackend.open();
  const clock = fakeClock(START_MS);
  const server = await listenWorkflowApp(opened.store, clock);
  const key = (await createApiKey(opened.store, clock, { name: 'simulator', scopes: ['admin'], source: null })).secret;
  const target = await openHttpSimulationTarget({ url: server.baseUrl, apiKey: key })(START_MS);
  return {
    target,
    close: async () => {
      await target.dispose();
      await server.close();
      await opened.dispose();
    },
  };
}

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

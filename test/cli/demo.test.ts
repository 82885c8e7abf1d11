// `omnistock demo` in-process (startDemo, as the command runs it) on temp SQLite files at ×3600:
// the server's own HTTP API shows the simulated traffic as it happens (orders in the ledger,
// availability moving, a return or a case), a stop is clean (ledger and projection agree after),
// a restart continues the same database without a second opening stock, and --reset and a foreign
// database are handled. Wall-clock bound: each test polls with a deadline, never a fixed sleep.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/store-sqlite/sqlite-store.ts';
import type { DemoOptions } from '../../src/cli/cli-context.ts';
import { demoStatePath, readDemoState } from '../../src/main/demo/demo-state.ts';
import { type RunningDemo, startDemo } from '../../src/main/demo/start-demo.ts';
import { CapturedOutput } from './cli-harness.ts';

const KEY = 'demo-test-admin-key-0123456789';
// synchronous=normal: these files are thrown away, and the tests measure the demo, not fsync.
const ENV = { LOG_LEVEL: 'warn', OMNISTOCK_ADMIN_KEY: KEY, OMNISTOCK_SQLITE_SYNCHRONOUS: 'normal' };
const dirs: string[] = [];
const running: RunningDemo[] = [];
afterAll(async () => {
  for (const demo of running) await demo.stop().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const tempDatabase = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-demo-'));
  dirs.push(dir);
  return join(dir, 'demo.sqlite');
};

type Started = { demo: RunningDemo; stdout: CapturedOutput; stderr: CapturedOutput };

async function start(path: string, options: Partial<DemoOptions> = {}): Promise<Started> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const demo = await startDemo(
    { port: 0, host: '127.0.0.1', speed: 3_600, skus: 20, stores: 4, seed: null, database: `sqlite:${path}`, reset: false, ...options },
    ENV,
    { stdout, stderr },
  );
  running.push(demo);
  return { demo, stdout, stderr };
}

async function stop(demo: RunningDemo): Promise<void> {
  await demo.stop();
  running.splice(running.indexOf(demo), 1);
}

const get = async <T>(demo: RunningDemo, path: string): Promise<T> => {
  const response = await fetch(`${demo.address}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Ledger = { items: { eventSource: string; reason: string; eventId: string }[]; nextCursor: string | null };
type Availability = { items: { sku: string; ats: number }[] };
type Stats = { returns?: { unitsByState: Record<string, number> }; cases?: { byStatus: Record<string, number> } };
type Positions = { totals: Record<string, number> };

const skuList = (n: number) => Array.from({ length: n }, (_, i) => `SKU-${String(i + 1).padStart(5, '0')}`);

/** Every movement of `sku`, oldest first (at most 10 pages of 1,000). */
async function ledgerOf(demo: RunningDemo, sku: string): Promise<Ledger['items']> {
  const items: Ledger['items'] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page++) {
    const ledger: Ledger = await get<Ledger>(demo, `/v1/ledger?sku=${sku}&limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`);
    items.push(...ledger.items);
    cursor = ledger.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${sku} has more movements than the test reads`);
}

/** Opening receipts in the ledger of `skus`. */
async function openingReceipts(demo: RunningDemo, skus: readonly string[]): Promise<number> {
  let count = 0;
  for (const sku of skus) count += (await ledgerOf(demo, sku)).filter((m) => m.eventSource === 'simulator/opening').length;
  return count;
}

describe('omnistock demo', () => {
  it('streams the scenario through the server’s own API as it happens, and stops cleanly', async () => {
    const path = tempDatabase();
    // Seed 5: its first return arrives about 7.6 simulated hours in, whatever the hour of day the demo
    // starts at (seed 1's, about 15 h in), so the test waits ~8 wall seconds for it at ×3600.
    const { demo, stdout } = await start(path, { skus: 200, stores: 30, seed: 5 });
    expect(demo.run).toBe(1);
    expect(stdout.text).toContain('omnistock demo: fashion-weekend, played live (run 1');
    expect(stdout.text).toContain(`${demo.address}/v1/availability?channel=web&skus=SKU-00001,SKU-00002,SKU-00003`);
    const skus = skuList(20).join(',');
    const before = await get<Availability>(demo, `/v1/availability?channel=web&skus=${skus}`);

    // Orders reach the ledger of the fast movers (reservations confirmed into allocations).
    const ordered = await eventually('an order in the ledger', 10_000, async () => {
      for (const sku of skuList(20)) {
        const ledger = await get<Ledger>(demo, `/v1/ledger?sku=${sku}&limit=100`);
        const allocation = ledger.items.find((m) => m.reason === 'allocation');
        if (allocation) return allocation;
      }
      return undefined;
    });
    expect(ordered.eventSource).toMatch(/^omnistock\//);
    expect(demo.play.counts.ordersAccepted).toBeGreaterThan(0);

    const changed = await eventually('web availability of a SKU moved', 10_000, async () => {
      const now = await get<Availability>(demo, `/v1/availability?channel=web&skus=${skus}`);
      return now.items.find((row) => row.ats !== before.items.find((b) => b.sku === row.sku)?.ats);
    });
    expect(changed.sku).toMatch(/^SKU-/);

    // A return (hours after a delivery) or an exception case.
    const seen = await eventually('a return or a case', 25_000, async () => {
      const stats = await get<Stats>(demo, '/v1/stats');
      const returns = Object.values(stats.returns?.unitsByState ?? {}).reduce((a, b) => a + b, 0);
      const cases = Object.values(stats.cases?.byStatus ?? {}).reduce((a, b) => a + b, 0);
      return returns + cases > 0 ? { returns, cases } : undefined;
    });
    expect(seen.returns + seen.cases).toBeGreaterThan(0);
    // Event times never run ahead of the engine: nothing was refused but the malformed events the scenario injects.
    expect(demo.play.counts.eventsAccepted).toBeGreaterThan(0);

    const stoppedAtMs = demo.clock.now();
    await stop(demo);
    expect(await demo.traffic).toBe('stopped');
    await expect(fetch(`${demo.address}/health`)).rejects.toThrow();
    expect(readDemoState(path)?.clockMaxMs).toBeGreaterThanOrEqual(stoppedAtMs);

    // Every commit made before the store closed: the ledger replays to the stored positions, and conserves units.
    const store = openSqliteStore({ path });
    try {
      expect(await store.ledger.verifyProjection()).toEqual([]);
      expect(await store.ledger.conservationViolations()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('continues the same database on a restart: same retailer, no second opening stock, new traffic accepted', async () => {
    const path = tempDatabase();
    const first = await start(path);
    await eventually('first run’s orders', 10_000, async () => (first.demo.play.counts.ordersAccepted > 0 ? true : undefined));
    const skus = skuList(20);
    const opening = await openingReceipts(first.demo, skus);
    expect(opening).toBeGreaterThan(0);
    const onHandBefore = (await get<Positions>(first.demo, `/v1/positions/${skus[0]}`)).totals;
    await stop(first.demo);
    const firstState = readDemoState(path);

    const second = await start(path, { skus: 50 });
    expect(second.demo.run).toBe(2);
    expect(second.stdout.text).toContain('continuing this database');
    expect(second.stderr.text).toMatch(/holds a retailer of 20 SKUs and 4 stores \(seed 1\); ignoring --skus/);
    expect(second.demo.play.world.skus).toHaveLength(20);
    // The new window starts after everything the first run recorded.
    expect(second.demo.play.startMs).toBeGreaterThanOrEqual(firstState?.clockMaxMs ?? Number.POSITIVE_INFINITY);
    expect(await openingReceipts(second.demo, skus)).toBe(opening);
    const onHandAfter = (await get<Positions>(second.demo, `/v1/positions/${skus[0]}`)).totals;
    expect(onHandAfter.onHand ?? 0).toBeLessThanOrEqual((onHandBefore.onHand ?? 0) + 2); // a return may come back; a second opening stock would double it
    await eventually('second run’s traffic accepted', 10_000, async () => (second.demo.play.counts.eventsAccepted > 0 ? true : undefined));
    // The second run's events carry its prefix, so (source, id) idempotency does not take them for the first run's.
    const scoped = await eventually('a movement of the second run', 10_000, async () => {
      for (const sku of skus) {
        const found = (await ledgerOf(second.demo, sku)).find((m) => m.eventId.startsWith('demo2:'));
        if (found) return found;
      }
      return undefined;
    });
    expect(scoped.eventSource).toMatch(/^(simulator|omnistock)\//); // a till sale, a pick, or an order's reservation (keyed by its order reference)
    await stop(second.demo);
    expect(await second.demo.traffic).toBe('stopped');
    expect(readDemoState(path)?.runs).toBe(2);

    // --reset: the database and its state are deleted, and the demo starts over from run 1 with the sizes asked.
    const third = await start(path, { reset: true, skus: 10 });
    expect(third.demo.run).toBe(1);
    expect(third.demo.play.world.skus).toHaveLength(10);
    await stop(third.demo);
  });

  it('refuses a database it did not create, and will not --reset it', async () => {
    const path = tempDatabase();
    const store = openSqliteStore({ path });
    await store.masterData.putNode({
      nodeId: 'DC-REAL',
      type: 'dc',
      name: 'Real DC',
      region: 'north',
      latitude: 53,
      longitude: -2,
      capacityPerDay: 10,
      fulfils: ['ship'],
    });
    await store.close();
    await expect(start(path)).rejects.toThrow(/holds data that omnistock demo did not load/);
    await expect(start(path, { reset: true })).rejects.toThrow(/--reset deletes only a database omnistock demo created/);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(demoStatePath(path))).toBe(false);
  });
});

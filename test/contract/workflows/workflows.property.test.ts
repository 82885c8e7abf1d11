// No reservation without stock, under random interleavings (issue 3 "Guarantees"), on every store
// backend: random sequences of reserve, confirm, release, expire (a fake clock moves), pick, ship,
// sale, count and receipt run through the use cases. Before each reservation the test reads the
// positions; a hold that succeeds must have found its units available at its nodes, a refusal
// must have found too few. After every step, each node's `reserved` equals the lines of the
// active reservations (a simple auditor); after every run, conservation and the projection replay hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { STORE_BACKENDS } from '../../support/stores.ts';
import { buildWorkflows, receipt, seedNetwork, type Workflows } from '../../support/workflow-harness.ts';

const NODES = ['N1', 'N2'] as const;
const numRunsOf = (backend: string): number => Number(process.env.OMNISTOCK_PROPERTY_RUNS ?? (backend === 'postgres' ? 10 : 25));

type Step =
  | { kind: 'reserve'; qty: number; ttlSeconds: number }
  | { kind: 'confirm' | 'release' | 'pick' | 'ship'; pick: number }
  | { kind: 'expire'; advanceSeconds: number }
  | { kind: 'sale' | 'receipt'; node: 0 | 1; qty: number }
  | { kind: 'count'; node: 0 | 1; countedQty: number };

const node = fc.constantFrom(0 as const, 1 as const);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('reserve' as const), qty: fc.integer({ min: 1, max: 4 }), ttlSeconds: fc.integer({ min: 10, max: 120 }) }),
    weight: 4,
  },
  fc.record({ kind: fc.constantFrom('confirm' as const, 'release' as const, 'pick' as const, 'ship' as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant('expire' as const), advanceSeconds: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ kind: fc.constantFrom('sale' as const, 'receipt' as const), node, qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('count' as const), node, countedQty: fc.integer({ min: 0, max: 8 }) }),
);

type World = { reservations: string[]; fulfilmentOrders: string[] };

async function availableByNode(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = { N1: 0, N2: 0 };
  for (const p of await store.ledger.positionsOfSku('A')) out[p.node] = p.available;
  return out;
}

async function runStep(w: Workflows, world: World, step: Step): Promise<void> {
  const at = new Date(w.clock.now()).toISOString();
  const pickOf = (list: string[], i: number) => (list.length === 0 ? undefined : list[i % list.length]);
  switch (step.kind) {
    case 'reserve': {
      const before = await availableByNode(w.store);
      const r = await w.reserve.reserve(
        { channel: 'web', orderRef: 'cart', lines: [{ sku: 'A', qty: step.qty }], ttlSeconds: step.ttlSeconds },
        `k-${world.reservations.length}-${w.clock.now()}-${Math.random()}`,
      );
      if (r.ok) {
        world.reservations.push(r.value.reservation.id);
        for (const l of r.value.reservation.lines) expect(before[l.node] ?? 0).toBeGreaterThanOrEqual(l.qty);
      } else {
        expect(r.error.code).toBe('insufficient_available');
        expect(NODES.reduce((s, n) => s + Math.max(0, before[n] ?? 0), 0)).toBeLessThan(step.qty);
      }
      return;
    }
    case 'confirm': {
      const id = pickOf(world.reservations, step.pick);
      const o = id === undefined ? null : await w.confirm.confirm(id);
      if (o?.ok) world.fulfilmentOrders.push(...((await w.store.workflows.order(o.value.id))?.fulfilmentOrders.map((f) => f.id) ?? []));
      return;
    }
    case 'release': {
      const id = pickOf(world.reservations, step.pick);
      if (id !== undefined) await w.release.release(id);
      return;
    }
    case 'expire':
      w.clock.advance(step.advanceSeconds * 1000);
      await w.expire.sweep();
      return;
    case 'pick':
    case 'ship': {
      const id = pickOf(world.fulfilmentOrders, step.pick);
      const type = step.kind === 'pick' ? 'fulfillment.picked' : 'fulfillment.shipped';
      // Illegal transitions are rejected verdicts, never errors: both outcomes are fine here.
      if (id !== undefined) await w.ingestor.ingest([cloudEvent(type, { fulfilmentOrderId: id }, { time: at })], { allowedSource: null });
      return;
    }
    case 'sale':
      await w.post([cloudEvent('pos.sale', { sku: 'A', node: NODES[step.node], qty: step.qty }, { time: at })]);
      return;
    case 'receipt':
      await w.post([receipt('A', NODES[step.node], step.qty)]);
      return;
    case 'count':
      await w.post([cloudEvent('wms.cycle_count', { sku: 'A', node: NODES[step.node], countedQty: step.countedQty }, { time: at })]);
      return;
  }
}

/** The auditor: reserved units at each node are exactly the active reservations' lines there. */
async function expectReservedMatchesHolds(w: Workflows, world: World): Promise<void> {
  const held: Record<string, number> = { N1: 0, N2: 0 };
  for (const id of world.reservations) {
    const r = await w.store.workflows.reservation(id);
    if (r?.status === 'active') for (const l of r.lines) held[l.node] = (held[l.node] ?? 0) + l.qty;
  }
  for (const n of NODES) expect({ node: n, reserved: (await w.position('A', n)).reserved }).toEqual({ node: n, reserved: held[n] });
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`workflow interleavings on ${backend.name}`, () => {
    it('never holds stock that is not there, and conserves every unit', { timeout: 300_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 30 }), async (steps) => {
          const opened = await backend.open();
          try {
            await seedNetwork(opened.store, ['A'], [{ id: 'N1' }, { id: 'N2', latitude: 48 }]);
            const w = await buildWorkflows(opened.store);
            await w.post([receipt('A', 'N1', 4), receipt('A', 'N2', 3)]);
            const world: World = { reservations: [], fulfilmentOrders: [] };
            for (const step of steps) {
              await runStep(w, world, step);
              await expectReservedMatchesHolds(w, world);
            }
            expect(await opened.store.ledger.conservationViolations()).toEqual([]);
            expect(await opened.store.ledger.verifyProjection()).toEqual([]);
          } finally {
            await opened.dispose();
          }
        }),
        { numRuns: numRunsOf(backend.name) },
      );
    });
  });
}

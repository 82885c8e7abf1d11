import { ConfirmReservation } from '../../src/app/confirm-reservation.ts';
import { ExpireReservations } from '../../src/app/expire-reservations.ts';
import { WorkflowEventHandler } from '../../src/app/handle-workflow-event.ts';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import { LedgerWriter } from '../../src/app/ledger-writer.ts';
import { PlaceOrder } from '../../src/app/place-order.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { ReleaseReservation } from '../../src/app/release-reservation.ts';
import { ReserveStock } from '../../src/app/reserve-stock.ts';
import { resolveConflicts } from '../../src/app/resolve-conflicts.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { Store } from '../../src/ports/store.ts';
import { cloudEvent } from './fixtures.ts';

/** A clock tests move by hand: no test sleeps for a timer (STYLE §7). */
export type FakeClock = Clock & { set(ms: number): void; advance(ms: number): void };

export function fakeClock(startMs = Date.parse('2026-11-01T12:00:00Z')): FakeClock {
  let now = startMs;
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** The workflow use cases over one store, sharing one ledger writer as the composition root wires them. */
export type Workflows = {
  readonly store: Store;
  readonly clock: FakeClock;
  readonly writer: LedgerWriter;
  readonly ingestor: EventIngestor;
  readonly policies: PolicyHolder;
  readonly reserve: ReserveStock;
  readonly confirm: ConfirmReservation;
  readonly release: ReleaseReservation;
  readonly expire: ExpireReservations;
  readonly place: PlaceOrder;
  /** Posts events as an admin and fails the test on a rejection. */
  post(events: unknown[]): Promise<void>;
  position(sku: string, node: string): Promise<{ available: number; reserved: number; allocated: number }>;
};

export async function buildWorkflows(store: Store, clock: FakeClock = fakeClock()): Promise<Workflows> {
  const writer = new LedgerWriter(store, clock);
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  writer.addAfterStep(resolveConflicts(policies));
  const ingestor = new EventIngestor(store, clock, writer, new WorkflowEventHandler(policies));
  return {
    store,
    clock,
    writer,
    ingestor,
    policies,
    reserve: new ReserveStock(writer, policies),
    confirm: new ConfirmReservation(writer),
    release: new ReleaseReservation(writer),
    expire: new ExpireReservations(store, writer, clock),
    place: new PlaceOrder(writer, policies),
    post: async (events) => {
      const verdicts = await ingestor.ingest(events, { allowedSource: null });
      const bad = verdicts.filter((v) => v.status === 'rejected');
      if (bad.length > 0) throw new Error(`rejected: ${JSON.stringify(bad)}`);
    },
    position: async (sku, node) => {
      const p = (await store.ledger.positionsOfSku(sku)).find((x) => x.node === node);
      return { available: p?.available ?? 0, reserved: p?.reserved ?? 0, allocated: p?.allocated ?? 0 };
    },
  };
}

/** Items, nodes (with coordinates) and a `web` channel selling from every node given. */
export async function seedNetwork(
  store: Store,
  skus: readonly string[],
  nodes: readonly { id: string; latitude?: number; longitude?: number; capacityPerDay?: number }[],
  substitutes: Readonly<Record<string, string[]>> = {},
): Promise<void> {
  for (const sku of skus) {
    await store.masterData.putItem({ sku, name: sku, category: 'test', unitCost: 5, unitPrice: 10, serialized: false, substitutes: substitutes[sku] ?? [] });
  }
  for (const n of nodes) {
    await store.masterData.putNode({
      nodeId: n.id,
      type: 'store',
      name: n.id,
      region: 'north',
      latitude: n.latitude ?? 52,
      longitude: n.longitude ?? 13,
      capacityPerDay: n.capacityPerDay ?? 100_000,
      fulfils: ['ship', 'pickup'],
    });
  }
  await store.masterData.putChannel({ channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: nodes.map((n) => n.id) });
}

/** A receipt of `qty` units (supplier → available), as a WMS would post it. */
export const receipt = (sku: string, node: string, qty: number) => cloudEvent('wms.receipt', { sku, node, qty });

import type { Store } from '../src/ports/store.ts';

/** Master data for benchmarks: `skus` items, `nodes` stores and two channels over every node. */
export async function seedBenchMasterData(store: Store, skus: number, nodes: number): Promise<void> {
  for (let i = 0; i < skus; i++) {
    await store.masterData.putItem({
      sku: benchSku(i),
      name: `Bench item ${i}`,
      category: 'bench',
      unitCost: 4,
      unitPrice: 9.5,
      serialized: false,
      substitutes: [],
    });
  }
  await seedBenchNodesAndChannels(store, nodes);
}

/** `nodes` stores and the channels `web` and `market`, each selling from every node. */
export async function seedBenchNodesAndChannels(store: Store, nodes: number): Promise<void> {
  const nodeIds = Array.from({ length: nodes }, (_, i) => benchNode(i));
  // Two channels over every node, as a small retailer's web shop and marketplace would be.
  await store.masterData.putChannel({ channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: nodeIds });
  await store.masterData.putChannel({ channelId: 'market', type: 'marketplace', name: 'Market', priority: 2, marginTier: 'low', nodes: nodeIds });
  for (let i = 0; i < nodes; i++) {
    await store.masterData.putNode({
      nodeId: benchNode(i),
      type: 'store',
      name: `Bench store ${i}`,
      region: 'bench',
      latitude: 48 + i / 100,
      longitude: 11,
      capacityPerDay: 1000,
      fulfils: ['ship', 'pickup'],
    });
  }
}

export const benchSku = (i: number): string => `BENCH-${String(i).padStart(6, '0')}`;
export const benchNode = (i: number): string => `B${String(i).padStart(3, '0')}`;

/**
 * Where the `n`th benchmark event lands. Events come in rounds of `skus`: a round visits every SKU
 * once (in a scattered order, 7919 being prime) at one node, and the node moves on every second
 * round, so every (sku, node) position is used and one batch rarely repeats a position.
 */
export function benchPosition(n: number, skus: number, nodes: number): { sku: string; node: string; round: number } {
  const round = Math.floor(n / skus);
  return { sku: benchSku((n * 7919) % skus), node: benchNode(Math.floor(round / 2) % nodes), round };
}

/**
 * Deterministic CloudEvents, each with a unique id: a round of receipts, then a round of sales of
 * the same quantities at the same positions, so every event is accepted and stock never goes
 * negative (a negative position would open a case, which is not what these benchmarks measure).
 */
export function benchEvents(from: number, count: number, skus: number, nodes: number, source = 'bench/pos'): object[] {
  const events: object[] = [];
  for (let n = from; n < from + count; n++) {
    const { sku, node, round } = benchPosition(n, skus, nodes);
    events.push({
      specversion: '1.0',
      id: `bench-${n}`,
      source,
      type: round % 2 === 0 ? 'wms.receipt' : 'pos.sale',
      time: '2026-11-01T10:00:00Z',
      data: { sku, node, qty: 1 + ((n % skus) % 3) },
    });
  }
  return events;
}

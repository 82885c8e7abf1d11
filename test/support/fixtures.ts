import type { Store } from '../../src/ports/store.ts';

/** A CloudEvent with sensible defaults, for tests. */
export function cloudEvent(type: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: `evt-${Math.random().toString(36).slice(2)}`,
    source: 'test/wms',
    type,
    time: '2026-11-01T10:00:00Z',
    data,
    ...overrides,
  };
}

/** Minimal master data: items SKU-1..n and nodes given. */
export async function seedMasterData(store: Store, skus: string[], nodes: string[]): Promise<void> {
  for (const sku of skus) {
    await store.masterData.putItem({ sku, name: sku, category: 'test', unitCost: 5, unitPrice: 10, serialized: false, substitutes: [] });
  }
  for (const nodeId of nodes) {
    await store.masterData.putNode({
      nodeId,
      type: 'store',
      name: nodeId,
      region: 'north',
      latitude: 52,
      longitude: 13,
      capacityPerDay: 100,
      fulfils: ['ship', 'pickup'],
    });
  }
}

import type { NodeType } from '../../../src/core/master-data/node.ts';
import { type Policy, policySchema } from '../../../src/core/policy/policy-schema.ts';
import type { Store } from '../../../src/ports/store.ts';

export const DAY_MS = 86_400_000;
/** Midnight UTC of the first simulated day (2026-11-01). */
export const DAY0_MS = Date.parse('2026-11-01T00:00:00Z');

/** A policy with a replenishment section over the defaults; `overrides` replace top-level fields of the section. */
export function replenishmentPolicy(overrides: Record<string, unknown> = {}): Policy {
  return policySchema.parse({
    version: 1,
    replenishment: {
      forecast: { alpha: 0.5, beta: 0.1, gamma: 0.1, historyDays: 112 },
      defaults: {
        reviewPeriodDays: 7,
        serviceLevel: 0.95,
        leadTime: { supplier: { days: 4, stdDevDays: 1 }, dc: { days: 2, stdDevDays: 0.5 } },
        moqUnits: 24,
        casePackUnits: 12,
        supplier: 'ACME',
      },
      approvalValueAbove: 1000,
      delayedReceiptGraceHours: 24,
      ...overrides,
    },
  });
}

/** Items (unit cost 5) and nodes of the given types. */
export async function seedNetwork(store: Store, skus: readonly string[], nodes: Readonly<Record<string, NodeType>>): Promise<void> {
  for (const sku of skus) await store.masterData.putItem({ sku, name: sku, category: 'test', unitCost: 5, unitPrice: 10, serialized: false, substitutes: [] });
  for (const [nodeId, type] of Object.entries(nodes)) {
    await store.masterData.putNode({ nodeId, type, name: nodeId, region: 'north', latitude: 52, longitude: 13, capacityPerDay: 100, fulfils: ['ship'] });
  }
}

/** RFC 3339 time of `hour`:00 UTC on simulated day `day`. */
export const at = (day: number, hour = 10): string => new Date(DAY0_MS + day * DAY_MS + hour * 3_600_000).toISOString();

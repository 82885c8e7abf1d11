import { createApiKey } from '../../../src/app/api-keys.ts';
import { parsePolicy } from '../../../src/core/policy/parse-policy.ts';
import type { Policy } from '../../../src/core/policy/policy-schema.ts';
import { buildHttpApp } from '../../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { type FakeClock, fakeClock } from '../../support/workflow-harness.ts';

/** The policy the case tests run under: a regional route, short SLAs, a low count threshold. */
export function casesPolicy(): Policy {
  const parsed = parsePolicy({
    version: 1,
    cases: {
      defaultQueue: 'ops',
      routes: [{ queue: 'north-stock', types: ['negative_available', 'stock_mismatch'], regions: ['north'] }],
      slaHours: { low: 48, medium: 2, high: 1 },
      stockMismatch: { varianceUnitsAbove: 3, varianceValueAbove: 1000 },
    },
  });
  if (!parsed.ok) throw new Error(parsed.error[0]?.message);
  return parsed.value;
}

/** One store's write side under `casesPolicy`, with its fake clock, as the composition root wires it. */
export type CaseRig = { readonly store: Store; readonly clock: FakeClock; readonly runtime: LedgerRuntime; post(events: unknown[]): Promise<string[]> };

export function caseRig(store: Store, clock: FakeClock = fakeClock()): CaseRig {
  const policy = casesPolicy();
  const runtime = createLedgerRuntime(store, clock, { current: () => policy, version: () => 1 });
  return {
    store,
    clock,
    runtime,
    post: async (events) => (await runtime.ingestor.ingest(events, { allowedSource: null })).map((v) => v.status),
  };
}

/** Items A (unit cost 5) and nodes S1 (region north) and S2, as `seedMasterData` makes them. */
export const seed = (store: Store) => seedMasterData(store, ['A', 'B'], ['S1', 'S2']);

/** Events of the tests, at business times the test chooses (counts must be in order). */
export const events = {
  receipt: (qty: number, at = '2026-11-01T10:00:00Z', node = 'S1', sku = 'A') => cloudEvent('wms.receipt', { sku, node, qty }, { time: at }),
  sale: (qty: number, at = '2026-11-01T10:05:00Z', node = 'S1', sku = 'A') => cloudEvent('pos.sale', { sku, node, qty }, { time: at }),
  count: (countedQty: number, at: string, node = 'S1', sku = 'A') => cloudEvent('wms.cycle_count', { sku, node, countedQty }, { time: at }),
};

/** The HTTP app over `rig`'s store and clock, with an admin key named `ops-lead` and a read key. */
export async function caseApp(rig: CaseRig) {
  const policies = { current: () => casesPolicy(), version: () => 1, refresh: async () => false } as unknown as Parameters<typeof buildHttpApp>[0]['policies'];
  const app = await buildHttpApp({ store: rig.store, ingestor: rig.runtime.ingestor, clock: rig.clock, policies });
  const admin = await createApiKey(rig.store, rig.clock, { name: 'ops-lead', scopes: ['admin'], source: null });
  const reader = await createApiKey(rig.store, rig.clock, { name: 'viewer', scopes: ['inventory:read'], source: null });
  const call = (method: 'GET' | 'POST', url: string, payload?: object, key = admin.secret) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload }) });
  return { app, call, readerKey: reader.secret };
}

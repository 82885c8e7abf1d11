// The channel-availability projection on every backend: recomputed in the same transaction as
// the movements that change it, shaped by the exposure policy, rewritten only when it changes,
// and rebuilt when a channel or the policy changes without any movement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/core/policy/parse-policy.ts';
import type { Policy } from '../../../src/core/policy/policy-schema.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const admin = { allowedSource: null };

function policyOf(document: unknown): Policy {
  const parsed = parsePolicy(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const marketplacePolicy = policyOf({
  version: 1,
  channels: { market: { sharePercent: 50, nodeBufferUnits: 1, minimumUnits: 2 } },
  thresholdRules: [{ id: 'scarce', when: { networkAtsBelow: 4 }, then: { pauseMarginTiers: ['low'], redistributeTo: ['web'] } }],
});

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`channel availability projection on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let runtime: LedgerRuntime;
    let policy: Policy | null;
    let version = 0;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      policy = null;
      runtime = createLedgerRuntime(store, { now: () => 1_800_000_000_000 }, { current: () => policy, version: () => version });
      await seedMasterData(store, ['SKU-1', 'SKU-2'], ['S1', 'S2']);
      await store.masterData.putChannel({ channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: ['S1', 'S2'] });
      await store.masterData.putChannel({ channelId: 'market', type: 'marketplace', name: 'Market', priority: 2, marginTier: 'low', nodes: ['S1', 'S2'] });
    });
    afterEach(async () => opened.dispose());

    const units = async (channel: string, sku: string) => (await store.ledger.channelAvailability(channel, [sku]))[0]?.units;

    it('follows every movement in the same transaction, with the full ATS for a channel the policy does not list', async () => {
      await runtime.ingestor.ingest(
        [cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 6 }), cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S2', qty: 4 })],
        admin,
      );
      expect(await units('web', 'SKU-1')).toBe(10);
      expect(await units('market', 'SKU-1')).toBe(10);
      await runtime.ingestor.ingest([cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 7 })], admin);
      const [row] = await store.ledger.channelAvailability('web', ['SKU-1']);
      expect(row).toMatchObject({
        units: 4,
        detail: {
          networkAts: 4,
          nodes: [
            { node: 'S1', ats: 0 },
            { node: 'S2', ats: 4 },
          ],
        },
      });
      expect(await units('web', 'SKU-2')).toBeUndefined();
    });

    it('applies share, buffer, minimum and threshold rules from the policy, and rebuilds when the policy changes', async () => {
      await runtime.ingestor.ingest(
        [cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 6 }), cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S2', qty: 4 })],
        admin,
      );
      expect(await units('market', 'SKU-1')).toBe(10);
      policy = marketplacePolicy;
      version = 1;
      expect(await runtime.rebuildIfInputsChanged()).toBe(true);
      // 50% of network ATS 10 = 5, within the pool (6−1)+(4−1) = 8.
      expect(await units('market', 'SKU-1')).toBe(5);
      expect(await runtime.rebuildIfInputsChanged()).toBe(false);
      // Network ATS 3 falls under the threshold: the low-tier marketplace pauses.
      await runtime.ingestor.ingest(
        [cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 6 }), cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S2', qty: 1 })],
        admin,
      );
      const [row] = await store.ledger.channelAvailability('market', ['SKU-1']);
      expect(row).toMatchObject({ units: 0, paused: true });
      expect(await units('web', 'SKU-1')).toBe(3);
    });

    it('rebuilds for a channel that gains a node, without any movement', async () => {
      await store.masterData.putChannel({ channelId: 'store-s1', type: 'store', name: 'S1 till', priority: 3, marginTier: 'medium', nodes: ['S1'] });
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-2', node: 'S2', qty: 5 })], admin);
      expect(await units('store-s1', 'SKU-2')).toBe(0);
      await runtime.rebuildIfInputsChanged();
      await store.masterData.putChannel({ channelId: 'store-s1', type: 'store', name: 'S1 till', priority: 3, marginTier: 'medium', nodes: ['S1', 'S2'] });
      expect(await runtime.rebuildIfInputsChanged()).toBe(true);
      expect(await units('store-s1', 'SKU-2')).toBe(5);
    });

    it('hands only changed rows to listeners, inside the transaction', async () => {
      const seen: string[] = [];
      runtime.projector.onChanged(async (_tx, changes) => {
        for (const c of changes) seen.push(`${c.row.channel}:${c.row.sku}:${c.previousUnits}->${c.row.units}`);
      });
      await runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 2 })], admin);
      await runtime.ingestor.ingest([cloudEvent('pos.return', { sku: 'SKU-1', node: 'S1', qty: 1 })], admin);
      expect(seen.sort()).toEqual(['market:SKU-1:null->2', 'web:SKU-1:null->2']);
    });

    it('enqueues one outbox row per changed value on a channel with a feed, in the ledger transaction', async () => {
      const withFeed = createLedgerRuntime(store, { now: () => 1_800_000_000_500 }, { current: () => null, version: () => 0 }, new Set(['web']));
      await withFeed.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 6 })], admin);
      await withFeed.ingestor.ingest([cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 2 })], admin);
      // Quarantine does not change what channels may sell: no row.
      await withFeed.ingestor.ingest([cloudEvent('pos.return', { sku: 'SKU-1', node: 'S1', qty: 1 })], admin);
      const rows = (await store.outbox.list({}, { cursor: null, limit: 100 })).items;
      expect(rows.map((r) => [r.channel, r.sku, r.payload.available, r.status])).toEqual([
        ['web', 'SKU-1', 6, 'pending'],
        ['web', 'SKU-1', 4, 'pending'],
      ]);
      expect(rows.every((r) => r.causedAtMs <= r.createdAtMs)).toBe(true);
    });
  });
}

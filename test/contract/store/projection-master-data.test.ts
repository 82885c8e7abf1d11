// Goal: the master data every ledger transaction reads for the availability projection (channels,
// node types, item categories) is always current, although each store keeps its channels and node
// types parsed between transactions (ProjectionMasterDataMemo): a change made through this store,
// or by another connection (another process, an operator's SQL shell), is seen by the very next
// transaction, and the projection follows it. Method: both databases (STORE_BACKENDS); a memo hit
// shows as the same arrays returned twice; the other process is a second raw connection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/core/master-data/channel.ts';
import { parsePolicy } from '../../../src/core/policy/parse-policy.ts';
import { createLedgerRuntime } from '../../../src/main/ledger-runtime.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { rawExec } from '../../support/raw-exec.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

const web: Channel = { channelId: 'web', type: 'web', name: 'Web', priority: 1, marginTier: 'high', nodes: ['S1', 'S2'] };

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`projection master data on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      await seedMasterData(store, ['SKU-1', 'SKU-2'], ['S1', 'S2']);
      await store.masterData.putChannel(web);
    });
    afterEach(async () => opened.dispose());

    const read = (skus: string[]) => store.ingestTransaction((tx) => tx.projectionMasterData(skus));
    const nodesOf = (master: Awaited<ReturnType<typeof read>>) => Object.fromEntries(master.channels.map((c) => [c.channelId, c.nodes]));

    it('parses channels and node types once while they are unchanged; categories are read per call', async () => {
      const first = await read(['SKU-1']);
      const second = await read(['SKU-2', 'SKU-3']);
      expect(second.channels).toBe(first.channels);
      expect(second.nodeTypes).toBe(first.nodeTypes);
      expect(nodesOf(first)).toEqual({ web: ['S1', 'S2'] });
      expect([...first.nodeTypes]).toEqual([
        ['S1', 'store'],
        ['S2', 'store'],
      ]);
      expect([...first.categories]).toEqual([['SKU-1', 'test']]);
      expect([...second.categories]).toEqual([['SKU-2', 'test']]);
    });

    it("sees this store's puts of nodes and channels in the next transaction", async () => {
      await read(['SKU-1']);
      await store.masterData.putNode({
        nodeId: 'S2',
        type: 'dc',
        name: 'S2',
        region: 'north',
        latitude: 52,
        longitude: 13,
        capacityPerDay: 100,
        fulfils: ['ship'],
      });
      expect((await read([])).nodeTypes.get('S2')).toBe('dc');
      await store.masterData.putNode({
        nodeId: 'S3',
        type: '3pl',
        name: 'S3',
        region: 'north',
        latitude: 52,
        longitude: 13,
        capacityPerDay: 100,
        fulfils: ['ship'],
      });
      await store.masterData.putChannel({ ...web, nodes: ['S3', 'S1'] });
      await store.masterData.putChannel({ channelId: 'market', type: 'marketplace', name: 'Market', priority: 2, marginTier: 'low', nodes: ['S2'] });
      const after = await read([]);
      expect(after.nodeTypes.get('S3')).toBe('3pl');
      expect(nodesOf(after)).toEqual({ web: ['S3', 'S1'], market: ['S2'] });
      await store.masterData.putItem({ sku: 'SKU-1', name: 'SKU-1', category: 'tents', unitCost: 5, unitPrice: 10, serialized: false, substitutes: [] });
      expect((await read(['SKU-1'])).categories.get('SKU-1')).toBe('tents');
    });

    it('sees nodes and channels another process changed in the next transaction', async () => {
      await read([]);
      await rawExec(opened.url, `update node set type = 'dc' where node_id = 'S1'`);
      expect((await read([])).nodeTypes.get('S1')).toBe('dc');
      await rawExec(opened.url, `update channel set nodes = '["S2"]' where channel_id = 'web'`);
      expect(nodesOf(await read([]))).toEqual({ web: ['S2'] });
      // A change and its undo between two transactions: what the database holds now, not a cached parse.
      await rawExec(opened.url, `update node set type = 'store' where node_id = 'S1'`);
      expect((await read([])).nodeTypes.get('S1')).toBe('store');
    });

    it('projects with a node type another process changed (safety stock by node type)', async () => {
      const policy = parsePolicy({ version: 1, safetyStock: { default: 0, byNodeType: { store: 2 } } });
      if (!policy.ok) throw new Error(JSON.stringify(policy.error));
      const runtime = createLedgerRuntime(store, { now: () => 1_800_000_000_000 }, { current: () => policy.value, version: () => 1 });
      const receive = (qty: number) => runtime.ingestor.ingest([cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty })], { allowedSource: null });
      await receive(5);
      const units = async () => (await store.ledger.channelAvailability('web', ['SKU-1']))[0]?.units;
      expect(await units()).toBe(3); // 5 less a store's safety stock of 2
      await rawExec(opened.url, `update node set type = 'dc' where node_id = 'S1'`);
      await receive(1);
      expect(await units()).toBe(6); // a DC keeps no safety stock
    });
  });
}

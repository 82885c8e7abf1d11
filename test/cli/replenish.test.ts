// `omnistock replenish` in-process on SQLite: runs with the stored policy (none: the defaults),
// prints the summary (text or --json), honours --sku/--node, rebuilds demand with
// --rebuild-demand, and a second run the same day creates nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerRuntime } from '../../src/main/ledger-runtime.ts';
import type { Store } from '../../src/ports/store.ts';
import { at, DAY_MS, DAY0_MS, seedNetwork } from '../contract/replenishment/replenishment-support.ts';
import { cloudEvent } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';
import { runAgainst } from './cli-harness.ts';

const now = () => DAY0_MS + 3 * DAY_MS + 20 * 3_600_000;

describe('omnistock replenish', () => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async () => {
    opened = await sqliteBackend.open();
    store = opened.store;
    await seedNetwork(store, ['SKU-1'], { DC1: 'dc', S1: 'store' });
    const runtime = createLedgerRuntime(store, { now }, { current: () => null, version: () => 0 });
    await runtime.ingestor.ingest(
      [
        cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 25 }, { time: at(0) }),
        cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 8 }, { time: at(1) }),
        cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 12 }, { time: at(2) }),
      ],
      { allowedSource: null },
    );
    await runtime.writer.idle();
  });
  afterEach(async () => opened.dispose());

  it('runs, prints the summary, and creates nothing on a second run the same day', async () => {
    const first = await runAgainst(store, ['replenish', '--json', '--rebuild-demand'], {}, now);
    expect(first.code).toBe(0);
    // Defaults: S1 is a store (DC lane) but DC1 has no stock, so a purchase order covers the need.
    expect(JSON.parse(first.stdout)).toMatchObject({ positions: 1, proposals: { created: 1, purchaseOrders: 1, approvedAutomatically: 1 } });
    const second = await runAgainst(store, ['replenish', '--sku', 'SKU-1', '--node', 'S1'], {}, now);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('proposals created: 0');
    expect((await store.replenishment.listProposals({}, { cursor: null, limit: 10 })).items).toHaveLength(1);
  });
});

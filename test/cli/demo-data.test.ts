// The demo retailer loaded by `serve` into a new database: the shape the issue asks for (a few
// dozen SKUs, 2 DCs, 10 stores, six named channels), opening stock through the ledger, idempotent.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import { isNewDatabase, loadDemoData } from '../../src/main/load-demo-data.ts';
import type { Store } from '../../src/ports/store.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';

let opened: OpenedStore;
let store: Store;
const clock = { now: () => 1_800_000_000_000 };
const all = { cursor: null, limit: 1_000 };
beforeEach(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
});
afterEach(async () => opened.dispose());

it('loads a small retailer into a new database, with opening stock explained by the ledger', async () => {
  expect(await isNewDatabase(store)).toBe(true);
  const summary = await loadDemoData(store, new EventIngestor(store, clock), clock);
  expect(await isNewDatabase(store)).toBe(false);

  const items = (await store.masterData.listItems(all)).items;
  expect(items.length).toBeGreaterThanOrEqual(24);
  expect(items.some((i) => i.serialized)).toBe(true);
  expect(items.some((i) => i.substitutes.length > 0)).toBe(true);
  const nodes = (await store.masterData.listNodes(all)).items;
  expect(nodes.filter((n) => n.type === 'dc')).toHaveLength(2);
  expect(nodes.filter((n) => n.type === 'store')).toHaveLength(10);
  const channels = (await store.masterData.listChannels(all)).items.map((c) => c.channelId);
  expect(channels.sort()).toEqual(['app', 'marketplace-a', 'marketplace-b', 'marketplace-c', 'pos', 'web']);

  expect(await store.ledger.countMovements()).toBe(summary.receipts);
  expect(summary.receipts).toBeGreaterThan(100);
  const tent = await store.ledger.positionsOfSku('TENT-2P-GRN');
  expect(tent.reduce((sum, p) => sum + p.available, 0)).toBeGreaterThan(0);
  expect(await store.ledger.verifyProjection()).toEqual([]);
  expect(await store.ledger.conservationViolations()).toEqual([]);
});

it('moves nothing when loaded twice (the opening receipts are answered duplicate)', async () => {
  const ingestor = new EventIngestor(store, clock);
  await loadDemoData(store, ingestor, clock);
  const movements = await store.ledger.countMovements();
  await loadDemoData(store, ingestor, clock);
  expect(await store.ledger.countMovements()).toBe(movements);
});

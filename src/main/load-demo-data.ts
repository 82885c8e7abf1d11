import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EventIngestor } from '../app/ingest-events.ts';
import { putChannel } from '../app/put-channel.ts';
import { openingReceipts } from '../core/events/build-event.ts';
import { limits } from '../core/limits.ts';
import { channelInputSchema } from '../core/master-data/channel.ts';
import { itemInputSchema } from '../core/master-data/item.ts';
import { nodeInputSchema } from '../core/master-data/node.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** The demo retailer shipped with the package (see the README's tour). */
export const DEMO_DATA_URL = new URL('../../demo/master-data.json', import.meta.url);

/** The CloudEvents source of the opening-stock receipts, so the ledger shows where they came from. */
export const DEMO_EVENT_SOURCE = 'omnistock/demo';

const demoSchema = z.object({
  items: z.array(itemInputSchema.extend({ sku: z.string() })),
  nodes: z.array(nodeInputSchema.extend({ nodeId: z.string() })),
  channels: z.array(channelInputSchema.extend({ channelId: z.string() })),
  openingStock: z.array(z.object({ sku: z.string(), node: z.string(), qty: z.number().int().positive() })),
});

export type DemoLoadSummary = { readonly items: number; readonly nodes: number; readonly channels: number; readonly receipts: number };

/** A database is new when it has neither items nor nodes: only then does the demo load. */
export async function isNewDatabase(store: Store): Promise<boolean> {
  const page = { cursor: null, limit: 1 };
  return (await store.masterData.listItems(page)).items.length === 0 && (await store.masterData.listNodes(page)).items.length === 0;
}

/**
 * Loads the demo master data, then the opening stock as `wms.receipt` events through the
 * ingestor, so the tour starts from non-zero positions that the ledger explains. Event ids are
 * fixed, so a second load is answered `duplicate` and moves nothing.
 */
export async function loadDemoData(store: Store, ingestor: EventIngestor, clock: Clock, url: URL = DEMO_DATA_URL): Promise<DemoLoadSummary> {
  const demo = demoSchema.parse(JSON.parse(await readFile(url, 'utf8')));
  for (const item of demo.items) await store.masterData.putItem(item);
  for (const node of demo.nodes) await store.masterData.putNode(node);
  for (const channel of demo.channels) {
    const result = await putChannel(store, channel);
    if (!result.ok) throw new Error(`demo channel ${channel.channelId}: ${result.error.message}`);
  }
  // Opening stock arrived a day before the start, so the tour's sales are later in business time.
  const receipts = openingReceipts(demo.openingStock, DEMO_EVENT_SOURCE, clock.now() - 24 * 3600 * 1000);
  for (let start = 0; start < receipts.length; start += limits.eventsPerRequestMax) {
    const verdicts = await ingestor.ingest(receipts.slice(start, start + limits.eventsPerRequestMax), { allowedSource: null });
    const rejected = verdicts.find((v) => v.status === 'rejected');
    if (rejected) throw new Error(`demo opening stock ${rejected.id} was rejected: ${JSON.stringify(rejected)}`);
  }
  return { items: demo.items.length, nodes: demo.nodes.length, channels: demo.channels.length, receipts: receipts.length };
}

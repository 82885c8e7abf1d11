import { LIVE_CASE_STATUSES } from '../../core/cases/case-vocabulary.ts';
import { limits } from '../../core/limits.ts';
import type { NodeType } from '../../core/master-data/node.ts';
import type { Page, PageRequest, Store } from '../../ports/store.ts';

/** What every SKU of a run shares: node types, item categories and costs, live delayed-receipt cases. */
export type RunMasterData = {
  readonly nodeTypes: ReadonlyMap<string, NodeType>;
  readonly items: ReadonlyMap<string, { readonly category: string; readonly unitCost: number }>;
  /** Dedupe keys of live `delayed_receipt` cases: a document already signalled is not signalled again. */
  readonly openDelayedReceiptKeys: ReadonlySet<string>;
};

/** Reads every page of a keyset-paged list (master data is bounded by what an import can hold). */
async function allPages<T>(list: (page: PageRequest) => Promise<Page<T>>, each: (item: T) => void): Promise<void> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list({ cursor, limit: limits.pageSizeMax });
    for (const item of page.items) each(item);
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Reads the master data of a run once, before its first chunk. */
export async function readRunMasterData(store: Store): Promise<RunMasterData> {
  const nodeTypes = new Map<string, NodeType>();
  const items = new Map<string, { category: string; unitCost: number }>();
  const openDelayedReceiptKeys = new Set<string>();
  await allPages(
    (p) => store.masterData.listNodes(p),
    (n) => nodeTypes.set(n.nodeId, n.type),
  );
  await allPages(
    (p) => store.masterData.listItems(p),
    (i) => items.set(i.sku, { category: i.category, unitCost: i.unitCost }),
  );
  for (const status of LIVE_CASE_STATUSES) {
    await allPages(
      (p) => store.cases.list({ type: 'delayed_receipt', status }, p),
      (c) => openDelayedReceiptKeys.add(c.dedupeKey),
    );
  }
  return { nodeTypes, items, openDelayedReceiptKeys };
}

import { limits } from '../core/limits.ts';
import type { Store } from '../ports/store.ts';
import type { LedgerWriter } from './ledger-writer.ts';

/**
 * Recomputes the channel-availability projection of every SKU, a page at a time: each page is a
 * ledger command that only touches its SKUs, so the writer's after-step recomputes them in the
 * same way a movement would. Needed when the inputs change without a movement — a new policy
 * version, a channel added or given other nodes. Pages interleave with live traffic.
 */
export async function rebuildChannelAvailability(store: Store, writer: LedgerWriter, progress?: (done: number) => void): Promise<number> {
  let done = 0;
  let cursor: string | null = null;
  do {
    const page = await store.masterData.listItems({ cursor, limit: limits.pageSizeMax });
    const skus = page.items.map((i) => i.sku);
    await writer.run({
      size: skus.length,
      run: async (context) => {
        context.touch(skus);
        return { value: undefined, keep: true };
      },
    });
    done += skus.length;
    progress?.(done);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return done;
}

import { type DomainError, domainError } from '../core/errors.ts';
import { ats } from '../core/ledger/position.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Store } from '../ports/store.ts';

/** A channel's available-to-sell of one SKU, with the ATS of each node it sells from. */
export type SkuAvailability = {
  readonly sku: string;
  readonly ats: number;
  readonly nodes: { readonly node: string; readonly ats: number }[];
};

/** Availability of several SKUs on one channel, in the order asked (duplicates removed). */
export type ChannelAvailability = { readonly channel: string; readonly items: SkuAvailability[] };

/** Safety stock is 0 until policies arrive (a later issue). */
const safetyStock = 0;

/**
 * Available-to-sell of `skus` on one channel: for now the sum of node ATS over the channel's
 * nodes (exposure policies come later). Every channel node appears in the breakdown, with 0 where
 * there is no position. One primary-key read of the channel, then one indexed read of the
 * positions (`position` is clustered on (sku, node)); the item table is read only for SKUs without
 * any position at the channel's nodes, to tell "none in stock" from "unknown SKU".
 */
export async function readAvailability(store: Store, channelId: string, skus: readonly string[]): Promise<Result<ChannelAvailability, DomainError>> {
  const channel = await store.masterData.getChannel(channelId);
  if (!channel) return err(domainError('unknown_channel', `no channel ${channelId}`, 'channel'));
  const unique = [...new Set(skus)];
  const positions = await store.ledger.positionsAt(unique, channel.nodes);
  const atsBySkuNode = new Map<string, number>();
  for (const p of positions) atsBySkuNode.set(`${p.sku}\u0000${p.node}`, ats(p, safetyStock));
  const stocked = new Set<string>(positions.map((p) => p.sku));
  const withoutPosition = unique.filter((sku) => !stocked.has(sku));
  if (withoutPosition.length > 0) {
    const existing = await store.masterData.existingSkus(withoutPosition);
    const unknown = withoutPosition.filter((s) => !existing.has(s));
    if (unknown.length > 0) return err(domainError('unknown_sku', `no item with sku ${unknown.join(', ')}`, skus.length === 1 ? 'sku' : 'skus'));
  }
  const items = unique.map((sku) => {
    const nodes = channel.nodes.map((node) => ({ node, ats: atsBySkuNode.get(`${sku}\u0000${node}`) ?? 0 }));
    return { sku, ats: nodes.reduce((sum, n) => sum + n.ats, 0), nodes };
  });
  return ok({ channel: channelId, items });
}

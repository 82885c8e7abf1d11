import type { AppliedExposureRule } from '../core/availability/channel-availability.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Store } from '../ports/store.ts';

/** A channel's available-to-sell of one SKU, with each node's part of it. */
export type SkuAvailability = {
  readonly sku: string;
  /** Units the channel may show and sell (the stored projection, exposure policy applied). */
  readonly ats: number;
  /** True when a threshold rule of the policy pauses this channel for the SKU. */
  readonly paused: boolean;
  readonly nodes: { readonly node: string; readonly ats: number }[];
  /** The exposure rules that shaped the number (docs/policy.md). */
  readonly applied: AppliedExposureRule[];
};

/** Availability of several SKUs on one channel, in the order asked (duplicates removed). */
export type ChannelAvailability = { readonly channel: string; readonly items: SkuAvailability[] };

/**
 * Available-to-sell of `skus` on one channel, served from the channel-availability projection
 * (recomputed in the same transaction as every movement, so it never lags the ledger): one
 * primary-key read of the channel and one indexed read of the projection. A SKU without a row has
 * never moved stock: it shows 0, after checking the item exists to tell it from an unknown SKU.
 */
export async function readAvailability(store: Store, channelId: string, skus: readonly string[]): Promise<Result<ChannelAvailability, DomainError>> {
  const channel = await store.masterData.getChannel(channelId);
  if (!channel) return err(domainError('unknown_channel', `no channel ${channelId}`, 'channel'));
  const unique = [...new Set(skus)];
  const rows = new Map((await store.ledger.channelAvailability(channelId, unique)).map((r) => [r.sku, r]));
  const withoutRow = unique.filter((sku) => !rows.has(sku));
  if (withoutRow.length > 0) {
    const existing = await store.masterData.existingSkus(withoutRow);
    const unknown = withoutRow.filter((s) => !existing.has(s));
    if (unknown.length > 0) return err(domainError('unknown_sku', `no item with sku ${unknown.join(', ')}`, skus.length === 1 ? 'sku' : 'skus'));
  }
  const items = unique.map((sku): SkuAvailability => {
    const row = rows.get(sku);
    const units = new Map((row?.detail.nodes ?? []).map((n) => [n.node, n.units]));
    return {
      sku,
      ats: row?.units ?? 0,
      paused: row?.paused ?? false,
      nodes: channel.nodes.map((node) => ({ node, ats: units.get(node) ?? 0 })),
      applied: [...(row?.detail.applied ?? [])],
    };
  });
  return ok({ channel: channelId, items });
}

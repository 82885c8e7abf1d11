import { type ChannelAvailability, channelAvailability } from '../core/availability/channel-availability.ts';
import type { ChannelProfile, NodeStock } from '../core/availability/channel-profile.ts';
import { asSku } from '../core/ids.ts';
import type { Position } from '../core/ledger/position.ts';
import type { NodeType } from '../core/master-data/node.ts';
import type { ChannelAvailabilityDetail, ChannelAvailabilityRow, IngestTransaction, StoredChannelAvailability } from '../ports/store.ts';
import { availabilityDetail, availabilityDetailJson } from './channel-availability-detail.ts';

export type { PolicySource } from './policy-source.ts';

import type { PolicySource } from './policy-source.ts';

/**
 * A projection row that changed in this transaction, with the value it had before (null when new)
 * and the arrival time of the earliest command that changed it (for push latency).
 */
export type AvailabilityChange = { readonly row: ChannelAvailabilityRow; readonly previousUnits: number | null; readonly causedAtMs: number };

/** Called with the changed rows inside the same transaction (the outbox enqueues channel pushes here). */
export type OnAvailabilityChanged = (tx: IngestTransaction, changes: readonly AvailabilityChange[], nowMs: number) => Promise<void>;

/**
 * Keeps the channel-availability projection right: after the commands of a transaction, for every
 * SKU they touched, recomputes each channel's number with the pure exposure rules
 * (src/core/availability) from the positions as the transaction leaves them, and writes the rows
 * that changed — in the same transaction as the movements, so the projection never lags the ledger
 * and a push is enqueued exactly when a number changes.
 */
export class ChannelAvailabilityProjector {
  private readonly listeners: OnAvailabilityChanged[] = [];

  constructor(private readonly policies: PolicySource) {}

  onChanged(listener: OnAvailabilityChanged): void {
    this.listeners.push(listener);
  }

  /** The LedgerWriter after-step. */
  readonly afterCommands = async (tx: IngestTransaction, touched: ReadonlyMap<string, number>, nowMs: number): Promise<void> => {
    if (touched.size === 0) return;
    const skus = [...touched.keys()].sort();
    // Sequential on purpose: one connection per transaction (a pg client does not run queries in parallel).
    const master = await tx.projectionMasterData(skus);
    const positions = await tx.positionsOfSkus(skus);
    const stored = await tx.channelAvailabilityOf(skus);
    const profiles: ChannelProfile[] = master.channels.map((c) => ({ channelId: c.channelId, type: c.type, marginTier: c.marginTier, nodes: c.nodes }));
    const stockBySku = groupStockBySku(positions, master.nodeTypes);
    const previous = new Map<string, Map<string, StoredChannelAvailability>>();
    for (const r of stored) {
      const bySku = previous.get(r.sku);
      if (bySku === undefined) previous.set(r.sku, new Map([[r.channel, r]]));
      else bySku.set(r.channel, r);
    }
    const policy = this.policies.current();
    const changes: AvailabilityChange[] = [];
    for (const sku of skus) {
      const context = { category: master.categories.get(sku) ?? '', channels: profiles };
      const stock = stockBySku.get(sku) ?? [];
      const before = previous.get(sku);
      for (const channel of profiles) {
        const row = toRow(channelAvailability(asSku(sku), channel, stock, policy, context), channel.nodes, nowMs);
        const old = before?.get(channel.channelId);
        // The detail is compared as text: serialised once here (and written as is), the stored one never parsed.
        if (old !== undefined && old.units === row.units && old.paused === row.paused && old.detailJson === row.detailJson) continue;
        changes.push({ row, previousUnits: old?.units ?? null, causedAtMs: touched.get(sku) ?? nowMs });
      }
    }
    if (changes.length === 0) return;
    await tx.writeChannelAvailability(changes.map((c) => c.row));
    for (const listener of this.listeners) await listener(tx, changes, nowMs);
  };
}

/** Each SKU's stock at the nodes master data knows; a node deleted from master data holds no sellable stock. */
function groupStockBySku(positions: readonly Position[], nodeTypes: ReadonlyMap<string, NodeType>): Map<string, NodeStock[]> {
  const stockBySku = new Map<string, NodeStock[]>();
  for (const p of positions) {
    const nodeType = nodeTypes.get(p.node);
    if (nodeType === undefined) continue;
    const stock: NodeStock = { node: p.node, nodeType, available: p.available };
    const list = stockBySku.get(p.sku);
    if (list === undefined) stockBySku.set(p.sku, [stock]);
    else list.push(stock);
  }
  return stockBySku;
}

/**
 * The row to compare and write: the detail as text, serialised once; the detail object is built
 * only if a listener reads it (rows are compared and written as text, so most never are).
 */
function toRow(a: ChannelAvailability, channelNodes: readonly string[], nowMs: number): ChannelAvailabilityRow & { readonly detailJson: string } {
  let detail: ChannelAvailabilityDetail | undefined;
  return {
    channel: a.channelId,
    sku: a.sku,
    units: a.units,
    paused: a.paused,
    get detail() {
      detail ??= availabilityDetail(a);
      return detail;
    },
    detailJson: availabilityDetailJson(a, channelNodes),
    updatedAtMs: nowMs,
  };
}

import { limits } from '../core/limits.ts';
import type { Channel } from '../core/master-data/channel.ts';
import type { Item } from '../core/master-data/item.ts';
import type { StockNode } from '../core/master-data/node.ts';
import type { Clock } from '../ports/clock.ts';
import type { MasterDataRepository } from '../ports/store.ts';
import type { SourcingMasterData } from '../ports/workflow-store.ts';

/** Where the cache reads committed master data: the store's repository (its read connection or the pool). */
export type MasterDataSource = Pick<MasterDataRepository, 'getChannel' | 'getNode' | 'getItem'>;

type Entry<T> = { readonly value: Promise<T | undefined>; readonly expiresAtMs: number };

/**
 * The master data a reservation or an order is sourced from (the channel, its nodes, the items),
 * read before the ledger command and reused for `limits.sourcingMasterDataTtlMs`. Three to five
 * reads per command were most of a reservation's cost, and on PostgreSQL they would otherwise run
 * on the transaction's connection while the writer lock is held (a second pooled connection
 * taken inside the transaction could deadlock the pool, so they cannot move there either).
 *
 * What staleness can do: for at most the TTL a reservation may be sourced from a channel's old
 * node list, or use an item's old category for its safety-stock floor. It can never oversell:
 * the guarded update in the transaction still decides from the row itself. A name not found is
 * not cached (a channel or item created a moment ago works at once); concurrent misses of one
 * key share one read.
 *
 * @example
 * const cache = new SourcingMasterDataCache(store.masterData, systemClock);
 * const master = await cache.read('web', ['TENT-2P']); // { channel, nodes, items }
 */
export class SourcingMasterDataCache {
  private readonly entries = new Map<string, Entry<Channel | StockNode | Item>>();

  constructor(
    private readonly source: MasterDataSource,
    private readonly clock: Clock,
    private readonly ttlMs: number = limits.sourcingMasterDataTtlMs,
  ) {}

  async read(channelId: string, skus: readonly string[]): Promise<SourcingMasterData> {
    const nowMs = this.clock.now();
    const channel = (await this.get(`c:${channelId}`, nowMs, () => this.source.getChannel(channelId))) as Channel | undefined;
    const nodeIds = [...new Set(channel?.nodes ?? [])].sort();
    const [nodes, items] = await Promise.all([
      Promise.all(nodeIds.map((id) => this.get(`n:${id}`, nowMs, () => this.source.getNode(id)) as Promise<StockNode | undefined>)),
      Promise.all([...new Set(skus)].sort().map((sku) => this.get(`i:${sku}`, nowMs, () => this.source.getItem(sku)) as Promise<Item | undefined>)),
    ]);
    return { channel, nodes: nodes.filter((n) => n !== undefined), items: items.filter((i) => i !== undefined) };
  }

  private get<T extends Channel | StockNode | Item>(key: string, nowMs: number, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expiresAtMs > nowMs) return hit.value as Promise<T | undefined>;
    const value = load().then(
      (found) => {
        if (found === undefined && this.entries.get(key)?.value === value) this.entries.delete(key);
        return found;
      },
      (error: unknown) => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
        throw error;
      },
    );
    this.entries.delete(key);
    if (this.entries.size >= limits.sourcingMasterDataEntriesMax) {
      // Insertion order is age order (a refreshed key is re-inserted), so the first key is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAtMs: nowMs + this.ttlMs });
    return value;
  }
}

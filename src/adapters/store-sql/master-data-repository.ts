import type { Selectable } from 'kysely';
import type { Channel } from '../../core/master-data/channel.ts';
import type { Item } from '../../core/master-data/item.ts';
import type { StockNode } from '../../core/master-data/node.ts';
import type { MasterDataRepository, PageRequest } from '../../ports/store.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

export const toItem = (r: Selectable<Tables['item']>): Item => ({
  sku: r.sku,
  name: r.name,
  category: r.category,
  unitCost: Number(r.unit_cost),
  unitPrice: Number(r.unit_price),
  serialized: Number(r.serialized) === 1,
  substitutes: JSON.parse(r.substitutes) as string[],
  ...(r.warranty_days === null || r.warranty_days === undefined ? {} : { warrantyDays: Number(r.warranty_days) }),
});

export const toNode = (r: Selectable<Tables['node']>): StockNode => ({
  nodeId: r.node_id,
  type: r.type as StockNode['type'],
  name: r.name,
  region: r.region,
  latitude: Number(r.latitude),
  longitude: Number(r.longitude),
  capacityPerDay: Number(r.capacity_per_day),
  fulfils: JSON.parse(r.fulfils) as StockNode['fulfils'],
});

export const toChannel = (r: Selectable<Tables['channel']>): Channel => ({
  channelId: r.channel_id,
  type: r.type as Channel['type'],
  name: r.name,
  priority: Number(r.priority),
  marginTier: r.margin_tier as Channel['marginTier'],
  nodes: JSON.parse(r.nodes) as string[],
});

/** Master data on either database, through Kysely. Upserts are `insert … on conflict do update`. */
export class SqlMasterDataRepository implements MasterDataRepository {
  /**
   * @param onNodesOrChannelsWritten called after every write of a node or a channel, committed or
   * not, inside the write gate (SQLite tells the ingestion path its memo may be stale: see
   * SqliteIngestTransaction.projectionMasterData).
   */
  constructor(
    private readonly dbs: SqlConnections,
    private readonly gate: WriteGate,
    private readonly now: () => number,
    private readonly onNodesOrChannelsWritten: () => void = () => undefined,
  ) {}

  async putItem(item: Item): Promise<void> {
    const row = {
      sku: item.sku,
      name: item.name,
      category: item.category,
      unit_cost: item.unitCost,
      unit_price: item.unitPrice,
      serialized: item.serialized ? 1 : 0,
      substitutes: JSON.stringify(item.substitutes),
      warranty_days: item.warrantyDays ?? null,
      updated_at: this.now(),
    };
    await this.gate.run(() =>
      this.dbs.write
        .insertInto('item')
        .values(row)
        .onConflict((oc) => oc.column('sku').doUpdateSet(row))
        .execute(),
    );
  }

  async getItem(sku: string): Promise<Item | undefined> {
    const row = await this.dbs.read.selectFrom('item').selectAll().where('sku', '=', sku).executeTakeFirst();
    return row && toItem(row);
  }

  async listItems(page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('item')
      .selectAll()
      .orderBy('sku')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('sku', '>', decodeCursor(page.cursor, 'string'));
    return toPage(await q.execute(), page.limit, toItem, (r) => r.sku);
  }

  async putNode(node: StockNode): Promise<void> {
    const row = {
      node_id: node.nodeId,
      type: node.type,
      name: node.name,
      region: node.region,
      latitude: node.latitude,
      longitude: node.longitude,
      capacity_per_day: node.capacityPerDay,
      fulfils: JSON.stringify(node.fulfils),
      updated_at: this.now(),
    };
    await this.gate.run(() =>
      this.dbs.write
        .insertInto('node')
        .values(row)
        .onConflict((oc) => oc.column('node_id').doUpdateSet(row))
        .execute()
        .finally(this.onNodesOrChannelsWritten),
    );
  }

  async getNode(nodeId: string): Promise<StockNode | undefined> {
    const row = await this.dbs.read.selectFrom('node').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
    return row && toNode(row);
  }

  async listNodes(page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('node')
      .selectAll()
      .orderBy('node_id')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('node_id', '>', decodeCursor(page.cursor, 'string'));
    return toPage(await q.execute(), page.limit, toNode, (r) => r.node_id);
  }

  async putChannel(channel: Channel): Promise<void> {
    const row = {
      channel_id: channel.channelId,
      type: channel.type,
      name: channel.name,
      priority: channel.priority,
      margin_tier: channel.marginTier,
      nodes: JSON.stringify(channel.nodes),
      updated_at: this.now(),
    };
    await this.gate.run(() =>
      this.dbs.write
        .insertInto('channel')
        .values(row)
        .onConflict((oc) => oc.column('channel_id').doUpdateSet(row))
        .execute()
        .finally(this.onNodesOrChannelsWritten),
    );
  }

  async getChannel(channelId: string): Promise<Channel | undefined> {
    const row = await this.dbs.read.selectFrom('channel').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
    return row && toChannel(row);
  }

  async listChannels(page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('channel')
      .selectAll()
      .orderBy('channel_id')
      .limit(page.limit + 1);
    if (page.cursor) q = q.where('channel_id', '>', decodeCursor(page.cursor, 'string'));
    return toPage(await q.execute(), page.limit, toChannel, (r) => r.channel_id);
  }

  async existingSkus(skus: readonly string[]): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const rows = await this.dbs.read
      .selectFrom('item')
      .select('sku')
      .where('sku', 'in', [...new Set(skus)])
      .execute();
    return new Set(rows.map((r) => r.sku));
  }

  async existingNodes(nodeIds: readonly string[]): Promise<Set<string>> {
    if (nodeIds.length === 0) return new Set();
    const rows = await this.dbs.read
      .selectFrom('node')
      .select('node_id')
      .where('node_id', 'in', [...new Set(nodeIds)])
      .execute();
    return new Set(rows.map((r) => r.node_id));
  }
}

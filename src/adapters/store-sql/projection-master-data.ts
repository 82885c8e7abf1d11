import type { Channel } from '../../core/master-data/channel.ts';
import type { StockNode } from '../../core/master-data/node.ts';
import type { ProjectionMasterData } from '../../ports/store.ts';

/** Builds the projection's master data from raw rows, the same way on both databases. */
export function toProjectionMasterData(
  channels: readonly { channel_id: string; type: string; margin_tier: string; nodes: string }[],
  nodes: readonly { node_id: string; type: string }[],
  items: readonly { sku: string; category: string }[],
): ProjectionMasterData {
  return {
    channels: channels.map((c) => ({
      channelId: c.channel_id,
      type: c.type as Channel['type'],
      marginTier: c.margin_tier as Channel['marginTier'],
      nodes: JSON.parse(c.nodes) as string[],
    })),
    nodeTypes: new Map(nodes.map((n) => [n.node_id, n.type as StockNode['type']])),
    categories: new Map(items.map((i) => [i.sku, i.category])),
  };
}

/**
 * Channels and node types as one text each, built by the database (`json_group_array` on SQLite,
 * `json_agg` on PostgreSQL): each element is `[channel_id, type, margin_tier, nodes]` (`nodes` the
 * column's JSON text) or `[node_id, type]`, in the order a plain `select … from channel` returns
 * rows. Null stands for an empty table (PostgreSQL's `json_agg` of no rows).
 */
export type MasterDataText = { readonly channels: string | null; readonly nodes: string | null };

type ChannelsAndNodes = Pick<ProjectionMasterData, 'channels' | 'nodeTypes'>;

/**
 * The channels and node types of the last transaction, kept while the database returns the same
 * text for them. The availability projection needs both on every ledger transaction; reading 300
 * nodes as rows and parsing each channel's node list cost more than the rest of a small
 * transaction, and channels and nodes change a few times a day. The text is still read in every
 * transaction, on its connection, as one aggregate (about a quarter of the row read's cost), and
 * is the only input of the parse: whatever wrote a channel or a node (this process, another one,
 * plain SQL), the next transaction sees it, so the memo can never be stale. Keeping the same
 * arrays across transactions also lets exposure memoise each channel's sorted node list.
 * One text per store: a PUT alternating two versions would just parse on every change.
 *
 * @example
 * const memo = new ProjectionMasterDataMemo();
 * const master = memo.of({ channels: '[["web","web","high","[\\"DC-01\\"]"]]', nodes: '[["DC-01","dc"]]' }, items);
 */
export class ProjectionMasterDataMemo {
  private last: { readonly channels: string; readonly nodes: string; readonly value: ChannelsAndNodes } | undefined;

  of(text: MasterDataText, items: readonly { sku: string; category: string }[]): ProjectionMasterData {
    const channels = text.channels ?? '[]';
    const nodes = text.nodes ?? '[]';
    if (this.last === undefined || this.last.channels !== channels || this.last.nodes !== nodes) {
      const channelRows = (JSON.parse(channels) as [string, string, string, string][]).map(([channel_id, type, margin_tier, nodeList]) => ({
        channel_id,
        type,
        margin_tier,
        nodes: nodeList,
      }));
      const nodeRows = (JSON.parse(nodes) as [string, string][]).map(([node_id, type]) => ({ node_id, type }));
      const { channels: parsedChannels, nodeTypes } = toProjectionMasterData(channelRows, nodeRows, []);
      this.last = { channels, nodes, value: { channels: parsedChannels, nodeTypes } };
    }
    return { ...this.last.value, categories: new Map(items.map((i) => [i.sku, i.category])) };
  }
}

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

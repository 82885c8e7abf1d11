import type { NodeId } from '../ids.ts';
import type { CHANNEL_TYPES, MARGIN_TIERS } from '../master-data/channel.ts';
import type { NodeType } from '../master-data/node.ts';

export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type MarginTier = (typeof MARGIN_TIERS)[number];

/** What exposure and sourcing need to know of a channel (a subset of its master data). */
export type ChannelProfile = {
  readonly channelId: string;
  readonly type: ChannelType;
  readonly marginTier: MarginTier;
  /** Nodes the channel sells from. */
  readonly nodes: readonly string[];
};

/** One SKU's `available` units at one node of the network, with the node's type (for safety stock). */
export type NodeStock = {
  readonly node: NodeId;
  readonly nodeType: NodeType;
  /** May be negative (oversold); ATS clamps at zero. */
  readonly available: number;
};

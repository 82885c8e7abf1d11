import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';

export const CHANNEL_TYPES = ['web', 'app', 'marketplace', 'store'] as const;
export const MARGIN_TIERS = ['high', 'medium', 'low'] as const;

/** A sales channel, as `PUT /v1/channels/{channelId}` takes it. `nodes` are the nodes it may sell from. */
export const channelInputSchema = z.strictObject({
  type: z.enum(CHANNEL_TYPES),
  name: z.string().min(1).max(limits.textLengthMax),
  priority: z.number().int().min(0).max(1000),
  marginTier: z.enum(MARGIN_TIERS),
  nodes: z
    .array(z.string().regex(ID_PATTERN).max(limits.idLengthMax))
    .max(limits.channelNodesMax)
    .refine((n) => new Set(n).size === n.length, 'nodes must not repeat a node'),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;
export type Channel = ChannelInput & { readonly channelId: string };

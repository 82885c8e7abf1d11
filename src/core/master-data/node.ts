import { z } from 'zod';
import { limits } from '../limits.ts';

export const NODE_TYPES = ['store', 'dc', '3pl'] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const FULFILMENT_METHODS = ['ship', 'pickup'] as const;
export type FulfilmentMethod = (typeof FULFILMENT_METHODS)[number];

/** A fulfilment node, as `PUT /v1/nodes/{nodeId}` takes it. */
export const nodeInputSchema = z.strictObject({
  type: z.enum(NODE_TYPES),
  name: z.string().min(1).max(limits.textLengthMax),
  region: z.string().min(1).max(limits.idLengthMax),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  capacityPerDay: z.number().int().min(0).max(limits.qtyMax),
  fulfils: z
    .array(z.enum(FULFILMENT_METHODS))
    .max(FULFILMENT_METHODS.length)
    .refine((m) => new Set(m).size === m.length, 'fulfils must not repeat a method'),
});
export type NodeInput = z.infer<typeof nodeInputSchema>;
export type StockNode = NodeInput & { readonly nodeId: string };

import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';

const money = z.number().min(0).max(1e9).multipleOf(0.0001);

/** Item master data, as `PUT /v1/items/{sku}` takes it (the SKU comes from the path). */
export const itemInputSchema = z.strictObject({
  name: z.string().min(1).max(limits.textLengthMax),
  category: z.string().min(1).max(limits.idLengthMax),
  unitCost: money,
  unitPrice: money,
  serialized: z.boolean().default(false),
  substitutes: z.array(z.string().regex(ID_PATTERN).max(limits.idLengthMax)).max(limits.substitutesMax).default([]),
  /**
   * Warranty from the sale, in days (issue 4 returns). Optional and absent when not given, so
   * existing clients and stored items are unchanged; the policy's `returns.defaultWarrantyDays`
   * (365 unless set) applies to an item without one.
   */
  warrantyDays: z.number().int().min(0).max(limits.warrantyDaysMax).optional(),
});
export type ItemInput = z.infer<typeof itemInputSchema>;
export type Item = ItemInput & { readonly sku: string };

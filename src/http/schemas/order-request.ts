import { z } from 'zod';
import { limits } from '../../core/limits.ts';
import { idSchema } from './id-param.ts';

/** Lines of a reservation or order: 1..`orderLinesMax`, each a SKU, a quantity and optionally the node it must come from. */
export const orderLinesSchema = z
  .array(
    z.strictObject({
      sku: idSchema('sku'),
      qty: z.number().int().positive().max(limits.qtyMax),
      node: idSchema('node').optional().describe('Pins the line to this node; without it, sourcing chooses.'),
    }),
  )
  .min(1, 'lines must hold at least one line')
  .max(limits.orderLinesMax, `lines may hold at most ${limits.orderLinesMax} lines`);

/** Where the order ships; distance from each node is a sourcing cost (docs/sourcing.md). */
export const shipToSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  region: z.string().min(1).max(limits.idLengthMax).optional(),
});

/** The Idempotency-Key header: the client's id for this request; a repeat with the same body gets the same answer. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(limits.idLengthMax, `Idempotency-Key is longer than ${limits.idLengthMax} characters`)
  .regex(/^[\x21-\x7E]+$/, 'Idempotency-Key must be printable ASCII without spaces');

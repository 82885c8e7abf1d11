import { z } from 'zod';
import { SHORT_REASONS } from '../../core/sourcing/sourcing-types.ts';
import { errorBodySchema } from './error-body.ts';

/** The 409 of a reservation or order that cannot be covered: the short lines and what is available. */
export const insufficientBodySchema = errorBodySchema
  .extend({
    shortLines: z.array(
      z.object({
        lineIndex: z.number().int(),
        sku: z.string(),
        requestedQty: z.number().int(),
        allocatedQty: z.number().int().describe('Units sourcing could have covered.'),
        availableQty: z.number().int().describe('ATS of the SKU over the nodes eligible for the line.'),
        reason: z.enum(SHORT_REASONS),
      }),
    ),
  })
  .meta({ id: 'InsufficientAvailable' });

import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readPositions } from '../../app/read-positions.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const figures = {
  available: z.number().int().describe('Sellable and unclaimed; negative when more is promised than exists.'),
  reserved: z.number().int(),
  allocated: z.number().int(),
  quarantine: z.number().int(),
  refurbish: z.number().int(),
  damaged: z.number().int(),
  inbound: z.number().int().describe('Expected at the node (PO, ASN, transfer in transit); not on hand.'),
  onHand: z.number().int().describe('Sum of the physical buckets (all but inbound).'),
  ats: z.number().int().describe('Available-to-sell: max(0, available − safety stock); safety stock is 0 for now.'),
};

const positionsSchema = z
  .object({ sku: z.string(), nodes: z.array(z.object({ node: z.string(), ...figures })), totals: z.object(figures) })
  .meta({ id: 'SkuPositions' });

/** `GET /v1/positions/{sku}`: the SKU's buckets at every node where it has a position, and totals. */
export const positionRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.withTypeProvider<ZodTypeProvider>().get('/positions/:sku', {
    config: { scope: 'inventory:read' },
    schema: {
      tags: ['read'],
      summary: 'Positions of one SKU at every node, with onHand and ATS',
      security: bearerSecurity,
      params: z.strictObject({ sku: idSchema('sku') }),
      response: { 200: positionsSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const result = await readPositions(store, request.params.sku);
      return result.ok ? result.value : failWith(result.error);
    },
  });
};

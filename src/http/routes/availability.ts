import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readAvailability } from '../../app/read-availability.ts';
import { assert } from '../../core/assert.ts';
import { limits } from '../../core/limits.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const nodeAts = z.object({ node: z.string(), ats: z.number().int() });
const skuAvailability = z
  .object({
    sku: z.string(),
    ats: z.number().int().describe('Units the channel may sell: node ATS (available − safety stock) over its nodes, shaped by the exposure policy.'),
    paused: z.boolean().describe('A threshold rule of the policy pauses the channel for this SKU.'),
    nodes: z.array(nodeAts).describe('Each channel node with its part of `ats`.'),
    applied: z.array(z.record(z.string(), z.unknown())).describe('Exposure rules that shaped the number (docs/policy.md).'),
  })
  .meta({ id: 'SkuAvailability' });
const channelParam = idSchema('channel').describe('The channel whose available-to-sell to compute.');

/** `a,b,c` → ['a','b','c'], each a valid id, at most `bulkSkusMax`. */
const skuList = z
  .string()
  .min(1, 'skus must name at least one sku')
  .transform((s) => s.split(','))
  .pipe(z.array(idSchema('each sku in skus')).max(limits.bulkSkusMax, `skus may name at most ${limits.bulkSkusMax} skus`))
  .describe(`Comma-separated SKUs, at most ${limits.bulkSkusMax}.`);

const errors = { ...inputErrors, 404: errorBodySchema };
const tags = ['read'];

/** `GET /v1/availability/{sku}?channel=` and `GET /v1/availability?channel=&skus=`: channel available-to-sell. */
export const availabilityRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/availability/:sku', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: "A channel's available-to-sell of one SKU, per node",
      security: bearerSecurity,
      params: z.strictObject({ sku: idSchema('sku') }),
      querystring: z.strictObject({ channel: channelParam }),
      response: { 200: z.object({ channel: z.string(), ...skuAvailability.shape }), ...errors },
    },
    handler: async (request) => {
      const result = await readAvailability(store, request.query.channel, [request.params.sku]);
      if (!result.ok) return failWith(result.error);
      const [item] = result.value.items;
      assert(item !== undefined, 'one sku asked, one answered');
      return { channel: result.value.channel, ...item };
    },
  });
  r.get('/availability', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: "A channel's available-to-sell of many SKUs",
      security: bearerSecurity,
      querystring: z.strictObject({ channel: channelParam, skus: skuList }),
      response: { 200: z.object({ channel: z.string(), items: z.array(skuAvailability) }), ...errors },
    },
    handler: async (request) => {
      const result = await readAvailability(store, request.query.channel, request.query.skus);
      return result.ok ? result.value : failWith(result.error);
    },
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { domainError } from '../../core/errors.ts';
import { itemInputSchema } from '../../core/master-data/item.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuerySchema, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const itemSchema = z.object({ sku: z.string(), ...itemInputSchema.shape }).meta({ id: 'Item' });
const params = z.strictObject({ sku: idSchema('sku') });
const tags = ['master data'];

/** `PUT/GET /v1/items/{sku}` and `GET /v1/items`: item master data. */
export const itemRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put('/items/:sku', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Create or replace an item',
      security: bearerSecurity,
      params,
      body: itemInputSchema,
      response: { 200: itemSchema, ...inputErrors },
    },
    handler: async (request) => {
      const item = { sku: request.params.sku, ...request.body };
      await store.masterData.putItem(item);
      return item;
    },
  });
  r.get('/items/:sku', {
    config: { scope: 'inventory:read' },
    schema: { tags, summary: 'Read an item', security: bearerSecurity, params, response: { 200: itemSchema, ...inputErrors, 404: errorBodySchema } },
    handler: async (request) =>
      (await store.masterData.getItem(request.params.sku)) ?? failWith(domainError('not_found', `no item with sku ${request.params.sku}`, 'sku')),
  });
  r.get('/items', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List items by sku',
      security: bearerSecurity,
      querystring: pageQuerySchema,
      response: { 200: pageOf(itemSchema), ...inputErrors },
    },
    handler: async (request) => store.masterData.listItems(toPageRequest(request.query)),
  });
};

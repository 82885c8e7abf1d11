import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { domainError } from '../../core/errors.ts';
import { nodeInputSchema } from '../../core/master-data/node.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuerySchema, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const nodeSchema = z.object({ nodeId: z.string(), ...nodeInputSchema.shape }).meta({ id: 'Node' });
const params = z.strictObject({ nodeId: idSchema('nodeId') });
const tags = ['master data'];

/** `PUT/GET /v1/nodes/{nodeId}` and `GET /v1/nodes`: fulfilment nodes (stores, DCs, 3PLs). */
export const nodeRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put('/nodes/:nodeId', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Create or replace a node',
      security: bearerSecurity,
      params,
      body: nodeInputSchema,
      response: { 200: nodeSchema, ...inputErrors },
    },
    handler: async (request) => {
      const node = { nodeId: request.params.nodeId, ...request.body };
      await store.masterData.putNode(node);
      return node;
    },
  });
  r.get('/nodes/:nodeId', {
    config: { scope: 'inventory:read' },
    schema: { tags, summary: 'Read a node', security: bearerSecurity, params, response: { 200: nodeSchema, ...inputErrors, 404: errorBodySchema } },
    handler: async (request) =>
      (await store.masterData.getNode(request.params.nodeId)) ?? failWith(domainError('not_found', `no node ${request.params.nodeId}`, 'nodeId')),
  });
  r.get('/nodes', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List nodes by id',
      security: bearerSecurity,
      querystring: pageQuerySchema,
      response: { 200: pageOf(nodeSchema), ...inputErrors },
    },
    handler: async (request) => store.masterData.listNodes(toPageRequest(request.query)),
  });
};

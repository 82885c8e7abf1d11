import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { putChannel } from '../../app/put-channel.ts';
import { domainError } from '../../core/errors.ts';
import { channelInputSchema } from '../../core/master-data/channel.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuerySchema, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const channelSchema = z.object({ channelId: z.string(), ...channelInputSchema.shape }).meta({ id: 'Channel' });
const params = z.strictObject({ channelId: idSchema('channelId') });
const tags = ['master data'];

/** `PUT/GET /v1/channels/{channelId}` and `GET /v1/channels`: sales channels and the nodes they sell from. */
export const channelRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put('/channels/:channelId', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Create or replace a channel; every node it names must exist',
      security: bearerSecurity,
      params,
      body: channelInputSchema,
      response: { 200: channelSchema, ...inputErrors, 422: errorBodySchema },
    },
    handler: async (request) => {
      const result = await putChannel(store, { channelId: request.params.channelId, ...request.body });
      return result.ok ? result.value : failWith(result.error);
    },
  });
  r.get('/channels/:channelId', {
    config: { scope: 'inventory:read' },
    schema: { tags, summary: 'Read a channel', security: bearerSecurity, params, response: { 200: channelSchema, ...inputErrors, 404: errorBodySchema } },
    handler: async (request) =>
      (await store.masterData.getChannel(request.params.channelId)) ??
      failWith(domainError('not_found', `no channel ${request.params.channelId}`, 'channelId')),
  });
  r.get('/channels', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List channels by id',
      security: bearerSecurity,
      querystring: pageQuerySchema,
      response: { 200: pageOf(channelSchema), ...inputErrors },
    },
    handler: async (request) => store.masterData.listChannels(toPageRequest(request.query)),
  });
};

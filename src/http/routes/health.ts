import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../ports/store.ts';

/** `GET /health`: liveness and which store backs this process. Open, for load balancers. */
export const healthRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.withTypeProvider<ZodTypeProvider>().get('/health', {
    schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'postgres']) }) } },
    handler: async () => ({ status: 'ok' as const, store: store.kind }),
  });
};

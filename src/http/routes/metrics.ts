import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ServiceMetrics } from '../service-metrics.ts';

/**
 * `GET /metrics`: Prometheus text exposition. Open like `/health`: scrapers run inside the
 * operator's network and the numbers carry no stock data; put it behind the network edge.
 */
export const metricsRoutes: FastifyPluginAsync<{ metrics: ServiceMetrics }> = async (app, { metrics }) => {
  app.get('/metrics', {
    schema: {
      tags: ['operations'],
      summary: 'Prometheus metrics',
      description:
        'Text exposition format 0.0.4: events ingested by verdict and type, HTTP durations, channel push latency, outbox rows by status, process metrics.',
      produces: ['text/plain'],
      response: { 200: z.string() },
    },
    // The body is already text; the zod serializer would only quote it.
    serializerCompiler: () => (data) => String(data),
    handler: async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  });
};

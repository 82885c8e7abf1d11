import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readStats } from '../../app/read-stats.ts';
import type { Clock } from '../../ports/clock.ts';
import { OUTBOX_STATUSES } from '../../ports/outbox.ts';
import type { Store } from '../../ports/store.ts';
import { idSchema } from '../schemas/id-param.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';
import { caseStatsSchema } from './case-stats-schema.ts';
import { reconciliationStatsSchema, toReconciliationStatsView } from './reconciliation-stats-schema.ts';
import { returnStatsSchema } from './return-stats-schema.ts';

const channelPushSchema = z
  .object({
    count: z.number().int().describe('Rows delivered in the window.'),
    latencyMsP50: z.number().nullable().describe('Event arrival → channel acknowledgement, nearest-rank p50; null when nothing was delivered.'),
    latencyMsP99: z.number().nullable(),
    since: z.string().nullable().describe('Start of the window; null for all time.'),
    outboxRows: z.object(Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof OUTBOX_STATUSES)[number], z.ZodNumber>),
  })
  .meta({ id: 'ChannelPushStats' });

/** One property per section; later issues add `cases`, `returns`, `reconciliation` beside `channelPush`. */
const statsSchema = z
  .object({
    generatedAt: z.string(),
    channelPush: channelPushSchema,
    returns: returnStatsSchema.optional(),
    cases: caseStatsSchema.optional(),
    reconciliation: reconciliationStatsSchema.optional(),
  })
  .meta({ id: 'Stats' });

const statsQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional().describe('Only deliveries at or after this time (RFC 3339).'),
  channel: idSchema('channel').optional().describe('Only this channel’s deliveries.'),
});

/** `GET /v1/stats`: the operational summary (push latency p50/p99 and the outbox backlog today). */
export const statsRoutes: FastifyPluginAsync<{ store: Store; clock: Clock }> = async (app, { store, clock }) => {
  app.withTypeProvider<ZodTypeProvider>().get('/stats', {
    config: { scope: 'inventory:read' },
    schema: {
      tags: ['operations'],
      summary: 'Operational statistics',
      security: bearerSecurity,
      querystring: statsQuery,
      response: { 200: statsSchema, ...inputErrors },
    },
    handler: async (request) => {
      const { since, channel } = request.query;
      const stats = await readStats(store, clock.now(), { ...(since && { sinceMs: Date.parse(since) }), ...(channel && { channel }) });
      const { sinceMs, ...push } = stats.channelPush;
      return {
        generatedAt: rfc3339(stats.generatedAtMs),
        channelPush: { ...push, since: sinceMs === null ? null : rfc3339(sinceMs) },
        returns: stats.returns,
        cases: stats.cases,
        reconciliation: stats.reconciliation && toReconciliationStatsView(stats.reconciliation),
      };
    },
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { domainError } from '../../core/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { OUTBOX_KINDS, OUTBOX_STATUSES, type OutboxMessage } from '../../ports/outbox.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const nullableTime = z.string().nullable();

const outboxMessageSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(OUTBOX_KINDS),
    channel: z.string(),
    sku: z.string(),
    payload: z.object({ available: z.number().int() }).describe('For channel_availability: the absolute units the channel may show.'),
    causedAt: z.string().describe('Arrival of the event that caused the change: the start of the push latency.'),
    createdAt: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int().describe('Failed deliveries recorded so far.'),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    leaseUntil: nullableTime.describe('Set while a dispatcher holds the row.'),
    deliveredAt: nullableTime,
    latencyMs: z.number().int().nullable().describe('deliveredAt − causedAt.'),
  })
  .meta({ id: 'OutboxMessage' });

const params = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The outbox row id.') });
const listQuery = z.strictObject({ status: z.enum(OUTBOX_STATUSES).optional(), channel: idSchema('channel').optional(), ...pageQuery });
const retryAnswer = z.object({ outcome: z.enum(['pending', 'superseded']), message: outboxMessageSchema });
const tags = ['outbox'];

function toView(m: OutboxMessage) {
  return {
    id: m.id,
    kind: m.kind,
    channel: m.channel,
    sku: m.sku,
    payload: m.payload,
    causedAt: rfc3339(m.causedAtMs),
    createdAt: rfc3339(m.createdAtMs),
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: rfc3339(m.nextAttemptAtMs),
    lastError: m.lastError,
    leaseUntil: m.leaseUntilMs === 0 ? null : rfc3339(m.leaseUntilMs),
    deliveredAt: m.deliveredAtMs === null ? null : rfc3339(m.deliveredAtMs),
    latencyMs: m.latencyMs,
  };
}

/**
 * `GET /v1/outbox[/{id}]` and `POST /v1/outbox/{id}/retry`: channel pushes waiting, delivered and
 * dead (docs/channel-feeds.md). Reading needs `inventory:read`; reviving a dead letter is `admin`.
 */
export const outboxRoutes: FastifyPluginAsync<{ store: Store; clock: Clock }> = async (app, { store, clock }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/outbox', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List outbox rows, oldest first',
      description: 'Filter by status (dead letters: status=dead) and channel.',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(outboxMessageSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { status, channel, ...page } = request.query;
      const result = await store.outbox.list({ ...(status && { status }), ...(channel && { channel }) }, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
  r.get('/outbox/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Read an outbox row',
      security: bearerSecurity,
      params,
      response: { 200: outboxMessageSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const message = await store.outbox.get(request.params.id);
      return message ? toView(message) : failWith(domainError('not_found', `no outbox row ${request.params.id}`, 'id'));
    },
  });
  r.post('/outbox/:id/retry', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Retry a dead outbox row',
      description:
        'The row becomes pending (attempts reset, due now), or superseded when a newer value for the same channel and SKU exists (sending the old one would overwrite it). 409 when the row is not dead.',
      security: bearerSecurity,
      params,
      response: { 200: retryAnswer, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema },
    },
    handler: async (request) => {
      const { id } = request.params;
      const outcome = await store.outbox.retry(id, clock.now());
      if (outcome === 'not_found') return failWith(domainError('not_found', `no outbox row ${id}`, 'id'));
      const message = await store.outbox.get(id);
      if (outcome === 'not_dead')
        return failWith(domainError('outbox_not_dead', `outbox row ${id} is ${message?.status ?? 'not dead'}; only dead rows can be retried`, 'id'));
      if (!message) return failWith(domainError('not_found', `no outbox row ${id}`, 'id'));
      return { outcome, message: toView(message) };
    },
  });
};

import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCOUNTS, BUCKETS, type Side } from '../../core/ledger/buckets.ts';
import { MOVEMENT_REASONS } from '../../core/ledger/movement.ts';
import type { LedgerEntry, Store } from '../../ports/store.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const sideSchema = z.union([z.object({ node: z.string(), bucket: z.enum(BUCKETS) }), z.object({ account: z.enum(ACCOUNTS) })]);

const movementSchema = z
  .object({
    seq: z.number().int().describe('Ledger sequence: the order movements were recorded in.'),
    sku: z.string(),
    from: sideSchema,
    to: sideSchema,
    qty: z.number().int().positive(),
    reason: z.enum(MOVEMENT_REASONS),
    eventId: z.string().describe('The id of the event that caused the movement.'),
    eventSource: z.string().describe('The source of that event; (eventSource, eventId) is unique.'),
    occurredAt: z.string().describe('Business time, RFC 3339.'),
    recordedAt: z.string().describe('System time, RFC 3339.'),
  })
  .meta({ id: 'Movement' });

const copySide = (side: Side) => ('bucket' in side ? { node: side.node as string, bucket: side.bucket } : { account: side.account });

const toView = (m: LedgerEntry) => ({
  seq: m.seq,
  sku: m.sku as string,
  from: copySide(m.from),
  to: copySide(m.to),
  qty: m.qty,
  reason: m.reason,
  eventId: m.eventId,
  eventSource: m.eventSource,
  occurredAt: rfc3339(m.occurredAtMs),
  recordedAt: rfc3339(m.recordedAtMs),
});

/** `GET /v1/ledger?sku=&node=`: movements, oldest first. */
export const ledgerRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.withTypeProvider<ZodTypeProvider>().get('/ledger', {
    config: { scope: 'inventory:read' },
    schema: {
      tags: ['read'],
      summary: 'Movements, oldest first, optionally of one SKU and/or touching one node',
      security: bearerSecurity,
      querystring: z.strictObject({ sku: idSchema('sku').optional(), node: idSchema('node').optional(), ...pageQuery }),
      response: { 200: pageOf(movementSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { sku, node, ...page } = request.query;
      const result = await store.ledger.movements({ ...(sku && { sku }), ...(node && { node }) }, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
};

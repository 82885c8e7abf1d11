import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConfirmReservation } from '../../app/confirm-reservation.ts';
import type { ReleaseReservation } from '../../app/release-reservation.ts';
import type { ReserveStock } from '../../app/reserve-stock.ts';
import { domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import { RESERVATION_STATES } from '../../core/reservations/reservation.ts';
import type { Store } from '../../ports/store.ts';
import type { ReservationRecord } from '../../ports/workflow-store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { insufficientBodySchema } from '../schemas/insufficient-body.ts';
import { idempotencyKeySchema, orderLinesSchema, shipToSchema } from '../schemas/order-request.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';
import { sendDomainError } from '../send-domain-error.ts';
import { orderViewSchema, toOrderView } from './orders.ts';

const reservationSchema = z
  .object({
    id: z.string(),
    status: z.enum(RESERVATION_STATES),
    channel: z.string(),
    orderRef: z.string(),
    lines: z.array(z.object({ sku: z.string(), qty: z.number().int(), node: z.string() })),
    expiresAt: z.string().describe('RFC 3339; the sweeper releases the hold at this time unless it is confirmed or released first.'),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    orderId: z.string().nullable().describe('The order a confirmation created.'),
  })
  .meta({ id: 'Reservation' });

const reserveBody = z.strictObject({
  channel: idSchema('channel'),
  orderRef: z.string().min(1).max(limits.idLengthMax).describe('The cart or checkout this hold is for.'),
  lines: orderLinesSchema,
  shipTo: shipToSchema.optional(),
  ttlSeconds: z.number().int().min(1).max(limits.reservationTtlSecondsMax).optional().describe('Hold time; else the channel policy, else 900 s.'),
});

const params = z.strictObject({ id: idSchema('id').describe('The reservation id.') });
const tags = ['reservations'];

const toView = (r: ReservationRecord) => ({
  id: r.id,
  status: r.status,
  channel: r.channelId,
  orderRef: r.orderRef,
  lines: r.lines.map((l) => ({ sku: l.sku, qty: l.qty, node: l.node })),
  expiresAt: rfc3339(r.expiresAtMs),
  createdAt: rfc3339(r.createdAtMs),
  closedAt: r.closedAtMs === null ? null : rfc3339(r.closedAtMs),
  orderId: r.orderId,
});

export type ReservationRouteDeps = { store: Store; reserve: ReserveStock; confirm: ConfirmReservation; release: ReleaseReservation };

/**
 * `POST /v1/reservations` (with an Idempotency-Key header), `GET /v1/reservations/{id}`,
 * `POST /v1/reservations/{id}/confirm` and `DELETE /v1/reservations/{id}` (docs/reservations.md).
 */
export const reservationRoutes: FastifyPluginAsync<ReservationRouteDeps> = async (app, deps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/reservations', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Reserve stock: source the lines and hold them (available → reserved) until confirmed, released or expired',
      description:
        'All-or-nothing unless the channel policy allows partial holds. A repeat with the same Idempotency-Key and body returns the same reservation (header Idempotent-Replayed: true); another body with that key is 409 idempotency_key_reused.',
      security: bearerSecurity,
      headers: z.object({ 'idempotency-key': idempotencyKeySchema }),
      body: reserveBody,
      response: { 201: reservationSchema, ...inputErrors, 404: errorBodySchema, 409: insufficientBodySchema.or(errorBodySchema), 503: errorBodySchema },
    },
    handler: async (request, reply) => {
      const result = await deps.reserve.reserve(request.body, request.headers['idempotency-key']);
      if (!result.ok) return sendDomainError(reply, result.error);
      if (result.value.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(toView(result.value.reservation));
    },
  });
  r.get('/reservations/:id', {
    config: { scope: 'inventory:read' },
    schema: { tags, summary: 'One reservation', security: bearerSecurity, params, response: { 200: reservationSchema, ...inputErrors, 404: errorBodySchema } },
    handler: async (request) => {
      const found = await deps.store.workflows.reservation(request.params.id);
      if (found === undefined) failWith(domainError('not_found', `no reservation ${request.params.id}`, 'id'));
      return toView(found);
    },
  });
  r.post('/reservations/:id/confirm', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Confirm a reservation into an order: reserved → allocated, one fulfilment order per node',
      security: bearerSecurity,
      params,
      response: { 201: orderViewSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
    },
    handler: async (request, reply) => {
      const result = await deps.confirm.confirm(request.params.id);
      if (!result.ok) return sendDomainError(reply, result.error);
      const view = await deps.store.workflows.order(result.value.id);
      if (view === undefined) throw new Error(`order ${result.value.id} was committed but cannot be read`);
      return reply.code(201).send(toOrderView(view));
    },
  });
  r.delete('/reservations/:id', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Release a reservation: reserved → available',
      security: bearerSecurity,
      params,
      response: { 200: reservationSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
    },
    handler: async (request, reply) => {
      const result = await deps.release.release(request.params.id);
      if (!result.ok) return sendDomainError(reply, result.error);
      const found = await deps.store.workflows.reservation(request.params.id);
      if (found === undefined) throw new Error(`reservation ${request.params.id} was released but cannot be read`);
      return toView(found);
    },
  });
};

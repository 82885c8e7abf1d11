import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PlaceOrder } from '../../app/place-order.ts';
import { domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import { FULFILMENT_METHODS } from '../../core/master-data/node.ts';
import { FULFILMENT_STATES } from '../../core/orders/fulfilment-order.ts';
import { ORDER_STATUSES, orderStatus } from '../../core/orders/order-status.ts';
import { SHORT_PICK_STATES } from '../../core/orders/short-pick.ts';
import { NOTIFICATION_REASONS } from '../../core/orders/workflow-effect.ts';
import type { Store } from '../../ports/store.ts';
import type { OrderView } from '../../ports/workflow-store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { insufficientBodySchema } from '../schemas/insufficient-body.ts';
import { idempotencyKeySchema, orderLinesSchema, shipToSchema } from '../schemas/order-request.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';
import { sendDomainError } from '../send-domain-error.ts';

/** `GET /v1/orders/{id}`: lines, fulfilment orders, status, the sourcing decision trace and the short-pick history. */
export const orderViewSchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    orderRef: z.string(),
    reservationId: z.string().nullable(),
    status: z.enum(ORDER_STATUSES).describe('Derived from the fulfilment orders and short picks.'),
    method: z.enum(FULFILMENT_METHODS),
    pickupNode: z.string().nullable(),
    lines: z.array(z.object({ sku: z.string(), qty: z.number().int(), node: z.string().optional() })),
    fulfilmentOrders: z.array(
      z.object({
        id: z.string().describe('`<orderId>/F<n>`: name it in fulfillment.* events.'),
        node: z.string(),
        status: z.enum(FULFILMENT_STATES),
        lines: z.array(z.object({ sku: z.string(), qty: z.number().int(), pickedQty: z.number().int().nullable() })),
        serials: z.array(z.string()),
        updatedAt: z.string(),
      }),
    ),
    shortPicks: z.array(
      z.object({
        id: z.string(),
        fulfilmentOrderId: z.string(),
        node: z.string(),
        sku: z.string(),
        shortQty: z.number().int(),
        status: z.enum(SHORT_PICK_STATES),
        reroutedQty: z.number().int(),
        substitute: z.object({ sku: z.string(), qty: z.number().int() }).nullable(),
        cancelledQty: z.number().int(),
        updatedAt: z.string(),
      }),
    ),
    notifications: z.array(
      z.object({ reason: z.enum(NOTIFICATION_REASONS), sku: z.string(), qty: z.number().int(), substituteSku: z.string().optional(), createdAt: z.string() }),
    ),
    sourcing: z.record(z.string(), z.unknown()).describe('The sourcing decision trace: candidates, scores, options and the reason (docs/sourcing.md).'),
    createdAt: z.string(),
  })
  .meta({ id: 'Order' });

export function toOrderView(o: OrderView) {
  return {
    id: o.id,
    channel: o.channelId,
    orderRef: o.orderRef,
    reservationId: o.reservationId,
    status: orderStatus(o.fulfilmentOrders, o.shortPicks),
    method: o.method,
    pickupNode: o.pickupNode,
    lines: o.lines.map((l) => (l.node === undefined ? { sku: l.sku, qty: l.qty } : { sku: l.sku, qty: l.qty, node: l.node })),
    fulfilmentOrders: o.fulfilmentOrders.map((f) => ({
      id: f.id,
      node: f.node,
      status: f.status,
      lines: [...f.lines],
      serials: [...f.serials],
      updatedAt: rfc3339(f.updatedAtMs),
    })),
    shortPicks: o.shortPicks.map(({ orderId: _o, channelId: _c, updatedAtMs, ...sp }) => ({ ...sp, updatedAt: rfc3339(updatedAtMs) })),
    notifications: o.notifications.map((n) => ({
      reason: n.message.reason,
      sku: n.message.sku,
      qty: n.message.qty,
      ...(n.message.substituteSku === undefined ? {} : { substituteSku: n.message.substituteSku }),
      createdAt: rfc3339(n.createdAtMs),
    })),
    sourcing: o.trace as unknown as Record<string, unknown>,
    createdAt: rfc3339(o.createdAtMs),
  };
}

const placeBody = z.strictObject({
  channel: idSchema('channel'),
  orderRef: z
    .string()
    .min(1)
    .max(limits.idLengthMax)
    .describe('The channel’s order number; without an Idempotency-Key, (channel, orderRef) makes the call idempotent.'),
  lines: orderLinesSchema,
  shipTo: shipToSchema.optional(),
  method: z.enum(FULFILMENT_METHODS).optional().describe('ship (default) or pickup at pickupNode.'),
  pickupNode: idSchema('pickupNode').optional(),
});

const tags = ['orders'];

export type OrderRouteDeps = { store: Store; place: PlaceOrder };

/** `POST /v1/orders` (orders that arrive paid: source and allocate directly) and `GET /v1/orders/{id}`. */
export const orderRoutes: FastifyPluginAsync<OrderRouteDeps> = async (app, { store, place }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/orders', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Place a paid order: source it and allocate directly (available → allocated)',
      security: bearerSecurity,
      headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
      body: placeBody,
      response: { 201: orderViewSchema, ...inputErrors, 404: errorBodySchema, 409: insufficientBodySchema.or(errorBodySchema), 503: errorBodySchema },
    },
    handler: async (request, reply) => {
      if (request.body.method === 'pickup' && request.body.pickupNode === undefined)
        failWith(domainError('invalid_request', 'a pickup order names its pickupNode', 'pickupNode'));
      const result = await place.place(request.body, request.headers['idempotency-key'] ?? null);
      if (!result.ok) return sendDomainError(reply, result.error);
      if (result.value.replayed) void reply.header('idempotent-replayed', 'true');
      const view = await store.workflows.order(result.value.order.id);
      if (view === undefined) throw new Error(`order ${result.value.order.id} was committed but cannot be read`);
      return reply.code(201).send(toOrderView(view));
    },
  });
  r.get('/orders/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'One order with its fulfilment orders, status, sourcing trace and short-pick history',
      security: bearerSecurity,
      params: z.strictObject({ id: idSchema('id') }),
      response: { 200: orderViewSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const view = await store.workflows.order(request.params.id);
      if (view === undefined) failWith(domainError('unknown_order', `no order ${request.params.id}`, 'id'));
      return toOrderView(view);
    },
  });
};

import type { Selectable } from 'kysely';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { FulfilmentMethod } from '../../core/master-data/node.ts';
import type { FulfilmentLine, FulfilmentState } from '../../core/orders/fulfilment-order.ts';
import type { ShortPick, ShortPickState } from '../../core/orders/short-pick.ts';
import type { CustomerNotification } from '../../core/orders/workflow-effect.ts';
import type { ReservationLine, ReservationState } from '../../core/reservations/reservation.ts';
import type { GeoPoint } from '../../core/sourcing/haversine.ts';
import type { OrderLine, SourcingTrace } from '../../core/sourcing/sourcing-types.ts';
import type { FulfilmentOrderRecord, NotificationRecord, OrderRecord, ReservationRecord, Timer, TimerKind, TimerStatus } from '../../ports/workflow-store.ts';
import type { WorkflowTables } from './workflow-tables.ts';

/** The one mapper between workflow rows (snake_case, JSON text) and the port's types. */
type Row<T extends keyof WorkflowTables> = Selectable<WorkflowTables[T]>;

const json = <T>(text: string): T => JSON.parse(text) as T;
const maybeNumber = (v: number | null): number | null => (v === null ? null : Number(v));

export const toReservationRecord = (r: Row<'reservation'>): ReservationRecord => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  channelId: r.channel,
  orderRef: r.order_ref,
  status: r.status as ReservationState,
  lines: json<{ sku: string; node: string; qty: number }[]>(r.lines).map((l): ReservationLine => ({ sku: asSku(l.sku), node: asNodeId(l.node), qty: l.qty })),
  shipTo: r.ship_to === null ? null : json<GeoPoint>(r.ship_to),
  trace: json<SourcingTrace>(r.trace),
  createdAtMs: Number(r.created_at),
  expiresAtMs: Number(r.expires_at),
  closedAtMs: maybeNumber(r.closed_at),
  orderId: r.order_id,
});

export const toOrderRecord = (r: Row<'sales_order'>): OrderRecord => ({
  id: r.id,
  channelId: r.channel,
  orderRef: r.order_ref,
  reservationId: r.reservation_id,
  method: r.method as FulfilmentMethod,
  pickupNode: r.pickup_node,
  shipTo: r.ship_to === null ? null : json<GeoPoint>(r.ship_to),
  lines: json<OrderLine[]>(r.lines),
  trace: json<SourcingTrace>(r.trace),
  nextFulfilmentSeq: Number(r.next_fulfilment_seq),
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  createdAtMs: Number(r.created_at),
});

export const toFulfilmentOrderRecord = (r: Row<'fulfilment_order'>): FulfilmentOrderRecord => ({
  id: r.id,
  orderId: r.order_id,
  channelId: r.channel,
  node: asNodeId(r.node),
  status: r.status as FulfilmentState,
  lines: json<FulfilmentLine[]>(r.lines),
  serials: json<string[]>(r.serials),
  updatedAtMs: Number(r.updated_at),
});

export const toShortPick = (r: Row<'short_pick'>): ShortPick => ({
  id: r.id,
  orderId: r.order_id,
  channelId: r.channel,
  fulfilmentOrderId: r.fulfilment_order_id,
  node: asNodeId(r.node),
  sku: asSku(r.sku),
  shortQty: Number(r.short_qty),
  status: r.status as ShortPickState,
  reroutedQty: Number(r.rerouted_qty),
  substitute: r.substitute_sku === null ? null : { sku: asSku(r.substitute_sku), qty: Number(r.substitute_qty) },
  cancelledQty: Number(r.cancelled_qty),
  updatedAtMs: Number(r.updated_at),
});

export const shortPickRow = (sp: ShortPick): Row<'short_pick'> => ({
  id: sp.id,
  order_id: sp.orderId,
  channel: sp.channelId,
  fulfilment_order_id: sp.fulfilmentOrderId,
  node: sp.node,
  sku: sp.sku,
  short_qty: sp.shortQty,
  status: sp.status,
  rerouted_qty: sp.reroutedQty,
  substitute_sku: sp.substitute?.sku ?? null,
  substitute_qty: sp.substitute?.qty ?? null,
  cancelled_qty: sp.cancelledQty,
  updated_at: sp.updatedAtMs,
});

export const toTimer = (r: Row<'timer'>): Timer => ({
  kind: r.kind as TimerKind,
  subjectId: r.subject_id,
  dueAtMs: Number(r.due_at),
  status: r.status as TimerStatus,
});

export const toNotificationRecord = (r: Row<'customer_notification'>): NotificationRecord => ({
  id: Number(r.id),
  message: json<CustomerNotification>(r.payload),
  createdAtMs: Number(r.created_at),
});

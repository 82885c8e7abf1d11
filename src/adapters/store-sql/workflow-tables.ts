import type { Generated } from 'kysely';

/**
 * The workflow tables of issue 3 (docs/reservations.md), shared by both adapters like `Tables`.
 * Lines, traces and details are JSON text; times are epoch ms. `reservation_line` and
 * `fulfilment_line` index holds by (sku, node), so the conflict step finds the reservations and
 * fulfilment orders of an oversold position without scanning JSON.
 */
export type WorkflowTables = {
  reservation: {
    id: string;
    idempotency_key: string;
    request_hash: string;
    channel: string;
    order_ref: string;
    status: string;
    lines: string;
    ship_to: string | null;
    trace: string;
    created_at: number;
    expires_at: number;
    closed_at: number | null;
    order_id: string | null;
  };
  reservation_line: { reservation_id: string; sku: string; node: string; qty: number };
  sales_order: {
    id: string;
    idempotency_key: string | null;
    request_hash: string | null;
    channel: string;
    order_ref: string;
    reservation_id: string | null;
    method: string;
    pickup_node: string | null;
    ship_to: string | null;
    lines: string;
    trace: string;
    next_fulfilment_seq: number;
    created_at: number;
  };
  fulfilment_order: {
    id: string;
    order_id: string;
    channel: string;
    node: string;
    status: string;
    lines: string;
    serials: string;
    created_at: number;
    updated_at: number;
  };
  fulfilment_line: { fulfilment_order_id: string; sku: string; node: string };
  short_pick: {
    id: string;
    order_id: string;
    channel: string;
    fulfilment_order_id: string;
    node: string;
    sku: string;
    short_qty: number;
    status: string;
    rerouted_qty: number;
    substitute_sku: string | null;
    substitute_qty: number | null;
    cancelled_qty: number;
    updated_at: number;
  };
  timer: { kind: string; subject_id: string; due_at: number; status: string };
  case: {
    id: Generated<number>;
    type: string;
    dedupe_key: string;
    status: string;
    severity: string;
    sku: string | null;
    node: string | null;
    order_id: string | null;
    details: string;
    occurrences: number;
    opened_at: number;
    updated_at: number;
  };
  customer_notification: { id: Generated<number>; order_id: string; channel: string; reason: string; payload: string; created_at: number };
};

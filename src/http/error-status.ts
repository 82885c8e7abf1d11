import type { ErrorCode } from '../core/errors.ts';

/**
 * The HTTP status of every error code. Typed as `Record<ErrorCode, number>` so that a new code in
 * `src/core/errors.ts` without a status here does not compile.
 *
 * Codes that only ever appear inside an event verdict (`invalid_event`, `unknown_transfer`, …) are
 * answered with 200 and the verdict; their status here applies when a route raises them directly.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_event: 400,
  unsupported_event_type: 400,
  unsupported_event_version: 400,
  unknown_sku: 404,
  // A channel naming a node that does not exist: the request is well-formed but refers to nothing.
  unknown_node: 422,
  unknown_channel: 404,
  unknown_transfer: 422,
  transfer_conflict: 409,
  source_not_allowed: 403,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  already_replayed: 409,
  outbox_not_dead: 409,
  overloaded: 503,
  internal: 500,
  // Issue 3 codes (added with the reservation/order core; adjust if the routes decide otherwise).
  insufficient_available: 409,
  invalid_policy: 400,
  reservation_already_confirmed: 409,
  reservation_already_released: 409,
  reservation_expired: 409,
  reservation_not_expired: 409,
  fulfilment_already_picked: 409,
  fulfilment_already_shipped: 409,
  fulfilment_already_cancelled: 409,
  order_not_cancellable: 409,
  short_pick_already_resolved: 409,
  substitute_not_proposed: 409,
  idempotency_key_reused: 409,
  unknown_order: 404,
  unknown_fulfilment_order: 404,
  unknown_return: 404,
  return_transition_not_allowed: 409,
  return_line_not_found: 422,
  serial_not_allowed: 400,
  serial_required: 400,
  unknown_case: 404,
  case_already_acknowledged: 409,
  case_already_closed: 409,
  unknown_proposal: 404,
  proposal_transition_not_allowed: 409,
};

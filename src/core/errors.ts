/**
 * The one catalogue of expected error codes. Each says whether repeating the same request later
 * can succeed (`retryable`), so clients and the dead-letter replay know what to do.
 * The HTTP layer maps every code to a status in a `Record<ErrorCode, number>`, so a new code
 * without a status does not compile.
 */
export const ERROR_CATALOGUE = {
  invalid_request: { retryable: false, description: 'The request body or parameters do not match the schema.' },
  invalid_event: { retryable: false, description: 'The event envelope or data does not match its schema.' },
  unsupported_event_type: { retryable: false, description: 'The event type is not in the catalogue (GET /v1/event-types).' },
  unsupported_event_version: { retryable: false, description: 'The event dataschema names a version we do not know.' },
  unknown_sku: { retryable: true, description: 'No item with this SKU exists yet; create it, then replay.' },
  unknown_node: { retryable: true, description: 'No node with this id exists yet; create it, then replay.' },
  unknown_channel: { retryable: true, description: 'No channel with this id exists.' },
  unknown_transfer: { retryable: true, description: 'No shipped transfer with this id is known at this node yet.' },
  transfer_conflict: { retryable: false, description: 'A transfer with this id was already shipped with different content.' },
  source_not_allowed: { retryable: false, description: 'The API key may only post events for another source.' },
  not_found: { retryable: false, description: 'The resource does not exist.' },
  unauthorized: { retryable: false, description: 'Missing or unknown API key.' },
  forbidden: { retryable: false, description: 'The API key lacks the scope this call needs.' },
  already_replayed: { retryable: false, description: 'The dead letter was already replayed and accepted.' },
  outbox_not_dead: { retryable: false, description: 'Only a dead outbox row can be retried; this one is pending, delivered or superseded.' },
  overloaded: { retryable: true, description: 'The ingest queue is full; retry with backoff.' },
  internal: { retryable: true, description: 'An unexpected server error; details are in the server log.' },
  insufficient_available: {
    retryable: true,
    description: 'Not enough available-to-sell for some lines; the reply lists the short lines and what is available.',
  },
  invalid_policy: { retryable: false, description: 'The policy document does not match the schema; `field` names the path.' },
  reservation_already_confirmed: { retryable: false, description: 'The reservation was already confirmed into an order.' },
  reservation_already_released: { retryable: false, description: 'The reservation was already released.' },
  reservation_expired: { retryable: false, description: 'The reservation expired; its units went back to available.' },
  reservation_not_expired: { retryable: true, description: 'The reservation hold has not reached its expiry time yet.' },
  fulfilment_already_picked: { retryable: false, description: 'The fulfilment order was already picked (or short-picked).' },
  fulfilment_already_shipped: { retryable: false, description: 'The fulfilment order already shipped.' },
  fulfilment_already_cancelled: { retryable: false, description: 'The fulfilment order was cancelled.' },
  order_not_cancellable: { retryable: false, description: 'Every fulfilment order of the order already shipped or was cancelled.' },
  short_pick_already_resolved: { retryable: false, description: 'The short-picked line was already rerouted, substituted or cancelled.' },
  substitute_not_proposed: { retryable: false, description: 'No substitute is awaiting a decision for this short-picked line.' },
  // Reservations and orders over HTTP and workflow events (issue 3).
  idempotency_key_reused: {
    retryable: false,
    description: 'The Idempotency-Key header was already used for a different request body; use a new key for a new request.',
  },
  unknown_order: { retryable: false, description: 'No order with this id exists.' },
  unknown_fulfilment_order: { retryable: false, description: 'No fulfilment order with this id exists.' },
  // Returns (issue 4, docs/returns.md).
  unknown_return: { retryable: false, description: 'No return authorisation with this id exists.' },
  return_transition_not_allowed: {
    retryable: false,
    description: 'The return state machine does not allow this step for the unit in its current state (for example inspecting before receipt).',
  },
  return_line_not_found: { retryable: false, description: 'The return has no unit of this SKU (or with this serial) to act on.' },
  serial_not_allowed: { retryable: false, description: 'A serial number was given for an item that is not serialized.' },
  serial_required: { retryable: false, description: 'The item is serialized and neither the request nor the authorisation names the serial.' },
  // Exception cases (issue 4, docs/cases.md).
  unknown_case: { retryable: false, description: 'No case with this id exists.' },
  case_already_acknowledged: { retryable: false, description: 'The case was already acknowledged; resolve, dismiss or assign it instead.' },
  case_already_closed: { retryable: false, description: 'The case was resolved or dismissed; a closed case is never changed again.' },
  // Replenishment (issue 5, docs/replenishment.md).
  unknown_proposal: { retryable: false, description: 'No replenishment proposal with this id exists.' },
  proposal_transition_not_allowed: {
    retryable: false,
    description: 'The proposal is not in a state that allows this step (only a proposed proposal can be approved or rejected).',
  },
} as const satisfies Record<string, { retryable: boolean; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An expected error as a value: stable `code`, human `message`, and the input `field` at fault. */
export type DomainError = {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
};

export const domainError = (code: ErrorCode, message: string, field?: string): DomainError =>
  field === undefined ? { code, message } : { code, message, field };

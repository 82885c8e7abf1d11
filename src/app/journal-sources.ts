/**
 * CloudEvents sources under which commands journal themselves (claimEvents), so every movement
 * a reservation or order makes points to its cause in `GET /v1/ledger` like an ingested event.
 * Keyed requests and transitions use different sources, so a client's Idempotency-Key can never
 * collide with a transition's id.
 */
export const JOURNAL_SOURCES = {
  /** `POST /v1/reservations`; id = the Idempotency-Key. */
  reservationRequests: 'omnistock/reservations',
  /** Confirm, release, expire; id = `<action>:<reservationId>`. */
  reservationTransitions: 'omnistock/reservation-transitions',
  /** `POST /v1/orders`; id = the Idempotency-Key, else `<channel>:<orderRef>`. */
  orderRequests: 'omnistock/orders',
  /** Conflict re-sourcing after a late event; id = `<sku>:<node>:<transaction time>:<n>`. */
  conflicts: 'omnistock/conflicts',
} as const;

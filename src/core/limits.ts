import { assert } from './assert.ts';

/**
 * Every batch, page, queue and quantity has a ceiling, named here. Relations between limits are
 * asserted at load so that a change that breaks one fails at startup, not in production.
 */
export const limits = {
  /** Largest quantity of a single movement or event. 10^9 units covers any real stock line. */
  qtyMax: 1_000_000_000,
  /** Events in one `POST /v1/events` batch (the contract). */
  eventsPerRequestMax: 1_000,
  /** Events applied in one group-committed transaction (several requests share it). */
  eventsPerTransactionMax: 5_000,
  /** Requests waiting for the group committer before callers get `overloaded`. */
  ingestQueueRequestsMax: 2_000,
  /** Page size of list endpoints. */
  pageSizeMax: 1_000,
  pageSizeDefault: 100,
  /** SKUs in one bulk availability query. */
  bulkSkusMax: 500,
  /** Length of identifiers (sku, node, channel, event id, source). */
  idLengthMax: 128,
  /** Length of free text (names, reasons). */
  textLengthMax: 1_000,
  /** Serialized size of one event's `data`, in bytes. */
  eventDataBytesMax: 64 * 1024,
  /** Request body size, in bytes: a full batch of maximal events must fit. */
  requestBodyBytesMax: 16 * 1024 * 1024,
  /** Rows per multi-row SQL statement (SQLite allows 32,766 bound parameters; movements bind 11). */
  sqlRowsPerStatementMax: 2_000,
  /** Rows read per chunk when streaming the ledger (replay, export). */
  ledgerChunkRowsMax: 10_000,
  /** Substitutes listed on one item. */
  substitutesMax: 20,
  /** Nodes one channel may sell from. */
  channelNodesMax: 2_000,
} as const;

// A full transaction's sum of quantities must stay an exact integer in a JavaScript number.
assert(
  limits.qtyMax * limits.eventsPerTransactionMax * 2 < Number.MAX_SAFE_INTEGER,
  'qtyMax × eventsPerTransactionMax must stay a safe integer',
);
assert(limits.eventsPerRequestMax <= limits.eventsPerTransactionMax, 'a request batch must fit in one transaction');
assert(limits.pageSizeDefault <= limits.pageSizeMax, 'default page must not exceed the page cap');
assert(limits.sqlRowsPerStatementMax * 11 < 32_766, 'multi-row movement insert must fit SQLite parameter limit');

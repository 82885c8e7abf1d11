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
  /**
   * How long a successful API-key lookup is reused without reading the store (src/app/api-keys.ts):
   * a key revoked by another process (`omnistock keys revoke`) stops working within this time; a
   * revoke in this process takes effect at once.
   */
  apiKeyCacheTtlMs: 5_000,
  /** Authenticated keys remembered at most (the oldest are dropped first). */
  apiKeyCacheEntriesMax: 10_000,
  /**
   * Runs of one PostgreSQL ingestion transaction that hit a deadlock or serialization failure
   * before it commits as it stands (its conflicting commands then answer an error). Each conflict
   * costs about `deadlock_timeout` (1 s by default) before the server breaks it.
   */
  transactionAttemptsMax: 5,
  /** Rows per multi-row SQL statement (SQLite allows 32,766 bound parameters; movements bind 11). */
  sqlRowsPerStatementMax: 2_000,
  /** Rows read per chunk when streaming the ledger (replay, export). */
  ledgerChunkRowsMax: 10_000,
  /**
   * How far an event's business time may lie ahead of the server clock. Beyond it the producer's
   * clock is wrong. The bound also makes the as-of query of a cycle count exact and cheap: a
   * movement that occurred after time T was recorded after T minus this tolerance.
   */
  eventTimeFutureToleranceMs: 24 * 60 * 60 * 1000,
  /** Substitutes listed on one item. */
  substitutesMax: 20,
  /** Nodes one channel may sell from. */
  channelNodesMax: 2_000,
  /** Rows of a master-data import (`omnistock import`) validated and upserted together. */
  importRowsPerChunk: 500,
  /** Rejected rows an import lists by line; the rest are only counted. */
  importProblemsListedMax: 100,
  /** Lines in one reservation or order (issue 3). */
  orderLinesMax: 100,
  /** Candidate nodes the sourcing search considers per order, after filtering and ranking by coverage. */
  sourcingCandidatesMax: 40,
  /** Largest number of shipments the exact (exhaustive) sourcing search tries; beyond it, greedy. */
  sourcingExactShipmentsMax: 3,
  /** Candidate rows kept in a sourcing trace (GET /v1/orders/{id} must stay small). */
  sourcingTraceCandidatesMax: 50,
  /** Scored options kept in a sourcing trace, best first. */
  sourcingTraceOptionsMax: 10,
  /** Reservation hold when neither the request nor the channel policy names one (15 minutes). */
  reservationTtlSecondsDefault: 900,
  /** Longest reservation hold a request or policy may ask for (7 days). */
  reservationTtlSecondsMax: 7 * 24 * 3600,
  /** Due timers (reservation expiries) one sweep takes; the sweeper runs every second, so 500/s drain a backlog fast. */
  timerSweepBatchMax: 500,
  /**
   * Tries of one workflow step (reserve, place, re-source) whose guarded update lost a race after
   * sourcing: each try re-reads ATS inside the transaction. On SQLite the first try never loses.
   */
  sourcingAttemptsMax: 3,
  /**
   * How long master data read for sourcing (a channel, a node, an item) is reused before it is read
   * again: a channel's node list or an item's category changed by a PUT reaches reservations within
   * this. A name not found is never cached, so a channel or item just created is usable at once.
   */
  sourcingMasterDataTtlMs: 2_000,
  /** Entries (channels, nodes and items together) that cache keeps; the oldest go first. */
  sourcingMasterDataEntriesMax: 200_000,
  /** Holds (reservations, fulfilment orders) one conflict step re-sources at one oversold position. */
  conflictHoldsPerPositionMax: 100,
  /** Oversold positions one transaction's conflict step handles; the rest wait for the next touch. */
  conflictPositionsPerTransactionMax: 100,
  /** Channels named in one policy document. */
  policyChannelsMax: 1_000,
  /** Threshold rules in one policy document. */
  policyThresholdRulesMax: 100,
  /** Entries of one safety-stock or handling-cost map in a policy document. */
  policyMapEntriesMax: 100_000,
  /** Changed paths listed by one policy diff (the audit row stays bounded). */
  policyDiffPathsMax: 1_000,
  /** Tries of one policy PUT that keeps losing the append race to concurrent PUTs (each re-diffs against the new latest). */
  policyAppendAttemptsMax: 3,
  /** Bytes of one policy document in `PUT /v1/policies` (a full 100,000-entry safety-stock map fits). */
  policyDocumentBytesMax: 8 * 1024 * 1024,
  /** Outbox rows one dispatcher tick claims (docs/channel-feeds.md). */
  outboxClaimBatchMax: 500,
  /** Availability updates in one connector request (one webhook POST, one Shopify mutation). */
  outboxPushUpdatesMax: 100,
  /** Failed deliveries of one outbox row before it becomes a dead letter. */
  outboxAttemptsMax: 12,
  /** A reply we cannot understand is retried this many times in all, then dead-lettered: it rarely heals. */
  outboxMalformedAttemptsMax: 3,
  /** Backoff ceiling before the first retry; doubles per failed attempt (full jitter below it). */
  outboxBackoffBaseMs: 1_000,
  /** Largest backoff ceiling: 10 minutes, so 12 attempts span at most about 40 minutes. */
  outboxBackoffCapMs: 10 * 60 * 1000,
  /** Longest Retry-After we honour; a larger one is clamped so a bad header cannot park a row for days. */
  outboxRetryAfterMsMax: 60 * 60 * 1000,
  /** Lease of a claimed row: another dispatcher may take it over only after this, so it must outlast a push. */
  outboxLeaseMs: 2 * 60 * 1000,
  /** Longest connector request timeout a channel feed may configure. */
  connectorTimeoutMsMax: 30_000,
  /** Connector timeout when the feed configuration names none. */
  connectorTimeoutMsDefault: 10_000,
  /** Bytes of a connector reply we read; a larger reply is malformed. */
  connectorReplyBytesMax: 1024 * 1024,
  /** Requests per second a channel feed may configure for its rate limit. */
  connectorRequestsPerSecondMax: 1_000,
  // Issue 5: demand, replenishment and reconciliation (appended).
  /** Days of daily demand a forecast reads; two years keeps yearly effects visible and a fit under a millisecond. */
  demandHistoryDaysMax: 730,
  /** Open inbound documents (POs, transfers) considered per (sku, node) in one replenishment decision. */
  replenishmentOpenInboundMax: 100,
  /** Candidate DCs a replenishment decision considers as transfer donors. */
  replenishmentDonorsMax: 100,
  /** Lines of one snapshot (`POST /v1/snapshots`, `omnistock reconcile`); 100,000-line files are normal. */
  snapshotLinesMax: 1_000_000,
  /** Rejected snapshot lines listed with their line number; the rest are only counted. */
  snapshotRejectedLinesListedMax: 1_000,
  /** Cause evidences (late postings, pending transfers, events in flight) one variance considers. */
  reconciliationEvidencePerLineMax: 100,
  /** ERP documents one dispatcher tick claims; one request each, so few (docs/erp-documents.md). */
  erpDocumentClaimBatchMax: 20,
  /** Failed deliveries of one ERP document before it becomes a dead letter. */
  erpDocumentAttemptsMax: 12,
  /** An ERP reply we cannot understand is retried this many times in all, then dead-lettered. */
  erpDocumentMalformedAttemptsMax: 3,
  /**
   * Lease of claimed ERP documents. Documents of one type go one after another, so a lease must
   * outlast a whole claim delivered at the longest timeout (20 × 30 s = 10 min): a crash delays
   * redelivery by at most this.
   */
  erpDocumentLeaseMs: 15 * 60 * 1000,
  /** Documents read per chunk by `omnistock export erp`. */
  erpExportChunkRowsMax: 1_000,
  // Issue 4 returns (docs/returns.md), appended.
  /** Units in one return authorisation: returns are tracked unit by unit, and a customer return is small. */
  returnUnitsMax: 500,
  /** Disposition rules in the policy's `returns` section (first match wins, so a long list is a smell). */
  policyReturnRulesMax: 200,
  /** Longest item warranty, in days (10 years). */
  warrantyDaysMax: 3_650,
  /** Restocked returns the cycle-time statistics read (the most recent); bounds GET /v1/stats. */
  returnCycleSamplesMax: 100_000,
  // Issue 4 exception cases (docs/cases.md), appended.
  /** Routing rules in the policy's `cases` section (first match wins). */
  caseRoutesMax: 200,
  /** Regions one routing rule may name. */
  caseRouteRegionsMax: 200,
  /** Live cases (open or acknowledged) one ledger transaction opens, adds to or auto-resolves per trigger. */
  casesPerTransactionMax: 500,
  /** Optimistic retries of an operator action that lost a race with another action on the same case. */
  caseActionAttemptsMax: 3,
  /** Entries of a case's history `GET /v1/cases/{id}` shows (the newest). */
  caseHistoryShownMax: 200,
  // Issue 5 reconciliation shell (docs/reconciliation.md), appended.
  /** Snapshot keys per statement when loading them into a scratch table (2 parameters each: far under both databases' limits). */
  reconciliationKeysPerStatementMax: 2_000,
  /** Pending dead letters read as possible events in flight; beyond it the cause is simply not seen. */
  reconciliationInFlightScanMax: 10_000,
  /** Late-posting movements read as evidence for one reconciliation (they are recorded after asOf, so few unless asOf is old). */
  reconciliationLateMovementsMax: 200_000,
  /** Reconciliations per source the drift statistics show (GET /v1/stats). */
  reconciliationDriftPointsMax: 30,
  /** Sources one policy may schedule reconciliations for. */
  reconciliationScheduledSourcesMax: 20,
  /** Bytes of a pulled snapshot (HTTP connector); a 1,000,000-line CSV is about 40 MB. */
  reconciliationPullBytesMax: 128 * 1024 * 1024,
} as const;

// A full transaction's sum of quantities must stay an exact integer in a JavaScript number.
assert(limits.qtyMax * limits.eventsPerTransactionMax * 2 < Number.MAX_SAFE_INTEGER, 'qtyMax × eventsPerTransactionMax must stay a safe integer');
assert(limits.eventsPerRequestMax <= limits.eventsPerTransactionMax, 'a request batch must fit in one transaction');
assert(limits.pageSizeDefault <= limits.pageSizeMax, 'default page must not exceed the page cap');
assert(limits.sqlRowsPerStatementMax * 11 < 32_766, 'multi-row movement insert must fit SQLite parameter limit');
assert(limits.sourcingCandidatesMax <= limits.channelNodesMax, "sourcing candidates are a subset of a channel's nodes");
// The exact search visits at most C(candidates, k) node sets for k = 1..exactShipmentsMax; keep it
// near 10^4 so one order is sourced in milliseconds: C(40,3) = 9,880.
assert(limits.sourcingExactShipmentsMax <= 3 && limits.sourcingCandidatesMax <= 40, 'exact sourcing search must stay ~10^4 node sets');
assert(limits.reservationTtlSecondsDefault <= limits.reservationTtlSecondsMax, 'default TTL must not exceed the TTL cap');
assert(limits.orderLinesMax * limits.qtyMax < Number.MAX_SAFE_INTEGER, "an order's sum of quantities must stay a safe integer");
assert(limits.outboxLeaseMs >= 2 * limits.connectorTimeoutMsMax, 'a lease must outlast a push (two full timeouts)');
assert(limits.connectorTimeoutMsDefault <= limits.connectorTimeoutMsMax, 'default connector timeout must not exceed its cap');
assert(limits.outboxBackoffBaseMs <= limits.outboxBackoffCapMs, 'backoff base must not exceed its cap');
assert(limits.outboxMalformedAttemptsMax <= limits.outboxAttemptsMax, 'malformed replies dead-letter no later than other failures');
assert(limits.outboxPushUpdatesMax <= limits.outboxClaimBatchMax, 'one push carries at most one claim');
assert(limits.snapshotRejectedLinesListedMax <= limits.snapshotLinesMax, 'listed rejections are a subset of the lines');
// A snapshot's sum of quantities (units at risk) must stay an exact integer.
assert(limits.snapshotLinesMax * limits.qtyMax < Number.MAX_SAFE_INTEGER, "a snapshot's sum of quantities must stay a safe integer");
assert(
  limits.erpDocumentLeaseMs >= limits.erpDocumentClaimBatchMax * limits.connectorTimeoutMsMax,
  'an ERP lease must outlast a whole claim delivered one by one',
);
assert(limits.erpDocumentMalformedAttemptsMax <= limits.erpDocumentAttemptsMax, 'malformed ERP replies dead-letter no later than other failures');

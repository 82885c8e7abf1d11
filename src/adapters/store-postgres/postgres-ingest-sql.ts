import { SELLABLE_KINDS_SQL } from '../store-sql/change-rows.ts';

/** First key of the two-key advisory locks on transfer lines (any constant, the same in every process). */
const TRANSFER_LOCK_CLASS = 7_001;

/**
 * The ingestion statements on PostgreSQL. Each takes whole columns as array parameters and
 * expands them with `unnest`, so one statement writes or reads a whole chunk of rows and its text
 * never depends on the batch size: it is prepared once per connection (named statements) and
 * reused. The rejected alternative, multi-row `values ($1, $2, …), (…)`, produces a new text (and
 * a new parse and plan) for every batch size and binds up to 11 × 2,000 parameters.
 *
 * Statements that take row locks (claims, positions) process their rows in the order given
 * (`with ordinality … order by ord`), and the adapter sorts the keys before cutting chunks, so
 * concurrent transactions (several processes ingesting at once) always lock in one global order
 * and never deadlock. Ordering by the input rather than by the column keeps that order one and the
 * same across chunks, whatever the database's collation.
 */
export const INGEST_SQL = {
  /**
   * Journals new events; a conflicting (source, id) is a duplicate and returns no row. Bodies come
   * as one JSON array ($6), zipped with the other columns by `rows from`: JSON.stringify escapes
   * a batch of bodies about ten times faster than an array literal can be built in JavaScript.
   */
  claimEvents: `
    insert into event (source, id, type, occurred_at, recorded_at, body)
    select source, id, type, occurred_at, $5::bigint, body
    from rows from (unnest($1::text[], $2::text[], $3::text[], $4::bigint[]), json_array_elements_text($6::json))
      with ordinality as t(source, id, type, occurred_at, body, ord)
    order by ord
    on conflict (source, id) do nothing
    returning seq, source, id`,
  releaseClaims: `delete from event where seq = any($1::bigint[])`,
  /**
   * Creates the position rows the batch needs, so that there is a row to lock even for a position
   * never stocked before. Returns the rows it created (deleted again at write time if unused).
   */
  ensurePositions: `
    insert into position (sku, node)
    select sku, node from unnest($1::text[], $2::text[]) with ordinality as t(sku, node, ord)
    order by ord
    on conflict (sku, node) do nothing
    returning sku, node`,
  /** Reads and locks the positions until commit, in the order given: the global lock order. */
  lockPositions: `
    select p.* from position p
    join unnest($1::text[], $2::text[]) with ordinality as t(sku, node, ord) on p.sku = t.sku and p.node = t.node
    order by t.ord
    for update of p`,
  inboundDocuments: `
    select d.* from inbound_document d
    join unnest($1::text[], $2::text[], $3::text[]) as t(reference, sku, node)
      on d.reference = t.reference and d.sku = t.sku and d.node = t.node`,
  /**
   * Locks transfer lines by key until commit, whether or not the line exists yet: two processes
   * shipping the same transfer id on lanes with no position in common would otherwise both see
   * no line and both ship. A transaction-scoped advisory lock per (transfer_id, sku) hash, taken
   * in hash order after the position locks (one global order: claims, positions, transfers). The
   * two-key form keeps these apart from the single-key migration lock; a hash collision only
   * makes two transfers wait for each other. Volatile target-list functions run after the sort,
   * so the locks are taken in `k` order.
   */
  lockTransferLines: `
    select k, pg_advisory_xact_lock(${TRANSFER_LOCK_CLASS}, k) from (
      select distinct hashtext(transfer_id || '/' || sku) as k from unnest($1::text[], $2::text[]) as t(transfer_id, sku)
    ) keys
    order by k`,
  transferLines: `
    select l.* from transfer_line l
    join unnest($1::text[], $2::text[]) as t(transfer_id, sku) on l.transfer_id = t.transfer_id and l.sku = t.sku`,
  /** Net sellable change at (sku, node) from movements that occurred after each given time. */
  sellableMovedAfter: `
    select t.sku, t.node, t.after_ms,
      coalesce(sum(case when m.to_node = t.node and m.to_kind in ${SELLABLE_KINDS_SQL} then m.qty else 0 end)
             - sum(case when m.from_node = t.node and m.from_kind in ${SELLABLE_KINDS_SQL} then m.qty else 0 end), 0) as delta
    from unnest($1::text[], $2::text[], $3::bigint[]) as t(sku, node, after_ms)
    left join movement m on m.sku = t.sku and m.occurred_at > t.after_ms and (m.from_node = t.node or m.to_node = t.node)
    group by t.sku, t.node, t.after_ms`,
  /** Appends movements in batch order, so `seq` follows the order the core decided them in. */
  insertMovements: `
    insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
    select sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, $10::bigint
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::bigint[])
      with ordinality as t(sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, ord)
    order by ord`,
  /** Adds one summed delta per position: a delta upsert, never read-modify-write. */
  upsertPositions: `
    insert into position as p (sku, node, available, reserved, allocated, quarantine, refurbish, damaged, inbound, last_counted_at)
    select * from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
      $8::bigint[], $9::bigint[], $10::bigint[]) as t(sku, node, available, reserved, allocated, quarantine, refurbish, damaged, inbound, last_counted_at)
    order by sku, node
    on conflict (sku, node) do update set
      available = p.available + excluded.available, reserved = p.reserved + excluded.reserved,
      allocated = p.allocated + excluded.allocated, quarantine = p.quarantine + excluded.quarantine,
      refurbish = p.refurbish + excluded.refurbish, damaged = p.damaged + excluded.damaged,
      inbound = p.inbound + excluded.inbound,
      last_counted_at = greatest(p.last_counted_at, excluded.last_counted_at)`,
  /** Deletes rows `ensurePositions` created that no movement used (events rejected by the core). */
  deleteUnusedPositions: `
    delete from position p using unnest($1::text[], $2::text[]) as t(sku, node)
    where p.sku = t.sku and p.node = t.node and p.available = 0 and p.reserved = 0 and p.allocated = 0
      and p.quarantine = 0 and p.refurbish = 0 and p.damaged = 0 and p.inbound = 0 and p.last_counted_at is null`,
  insertCounts: `
    insert into cycle_count (sku, node, counted_at, counted_qty, expected_qty, variance, superseded, event_seq)
    select sku, node, counted_at, counted_qty, expected_qty, variance, superseded, event_seq
    from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::smallint[], $8::bigint[])
      with ordinality as t(sku, node, counted_at, counted_qty, expected_qty, variance, superseded, event_seq, ord)
    order by ord`,
  upsertDocuments: `
    insert into inbound_document (reference, sku, node, announced_qty, received_qty, expected_at)
    select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
      as t(reference, sku, node, announced_qty, received_qty, expected_at)
    order by reference, sku, node
    on conflict (reference, sku, node) do update set announced_qty = excluded.announced_qty,
      received_qty = excluded.received_qty, expected_at = excluded.expected_at`,
  upsertTransfers: `
    insert into transfer_line (transfer_id, sku, from_node, to_node, shipped_qty, received_qty, shipped_at, expected_at)
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
      as t(transfer_id, sku, from_node, to_node, shipped_qty, received_qty, shipped_at, expected_at)
    order by transfer_id, sku
    on conflict (transfer_id, sku) do update set shipped_qty = excluded.shipped_qty,
      received_qty = excluded.received_qty, expected_at = excluded.expected_at`,
  /** Identities are assigned in insertion order, so the returned ids sorted match the input order. */
  insertDeadLetters: `
    insert into dead_letter (source, event_id, type, body, error_code, error_message, error_field, status, recorded_at)
    select source, event_id, type, body, error_code, error_message, error_field, 'pending', $8::bigint
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
      with ordinality as t(source, event_id, type, body, error_code, error_message, error_field, ord)
    order by ord
    returning id`,
  markDeadLetterReplayed: `update dead_letter set status = 'replayed', replayed_at = $1 where id = $2`,
} as const;

export type IngestStatement = keyof typeof INGEST_SQL;

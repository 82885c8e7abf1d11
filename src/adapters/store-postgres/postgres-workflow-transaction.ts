import type pg from 'pg';
import type { Movement } from '../../core/ledger/movement.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import type { GuardOutcome, ReservationRecord, SourcingReads } from '../../ports/workflow-store.ts';
import { mergedGuardedPlan } from '../store-sql/guarded-plan.ts';
import { toPosition } from '../store-sql/ledger-reads.ts';
import { reservationRow, SqlWorkflowTransaction } from '../store-sql/sql-workflow-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { arrayLiteral } from './array-literal.ts';
import { transactionKysely } from './transaction-kysely.ts';

/**
 * A command's whole position write in one round trip: the guarded take of summed demand (each
 * demanded row also gets the command's other changes to it, since PostgreSQL cannot update a row
 * twice in one statement), then, only if every demand was taken, the deltas of the other positions
 * and the movement rows. At READ COMMITTED a row another transaction changed meanwhile is re-read
 * and the `where` re-checked on its newest version before the update applies, so two racing
 * reservations can never both take the last unit: the loser's row is missing from `taken`.
 *
 *   with t as (select * from unnest($1 … $11) as t(sku, node, qty, floor, available, reserved, …)),
 *   taken as (update position p set available = p.available - t.qty + t.available, reserved = p.reserved + t.reserved, …
 *             from t where p.sku = t.sku and p.node = t.node and p.available - t.qty >= t.floor returning p.sku, p.node),
 *   ok as (select count(*) = $12 as ok from taken),
 *   rest as (insert into position … select … from unnest($13 … $22) where (select ok from ok) on conflict … do update …),
 *   moved as (insert into movement … select … from unnest($23 … $31) where (select ok from ok))
 *   select ok, taken rows
 */
const GUARDED_APPLY_SQL = `
  with t as (
    select * from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
      $9::bigint[], $10::bigint[], $11::bigint[]) as t(sku, node, qty, floor, available, reserved, allocated, quarantine, refurbish, damaged, inbound)
  ),
  taken as (
    update position p set available = p.available - t.qty + t.available, reserved = p.reserved + t.reserved,
      allocated = p.allocated + t.allocated, quarantine = p.quarantine + t.quarantine, refurbish = p.refurbish + t.refurbish,
      damaged = p.damaged + t.damaged, inbound = p.inbound + t.inbound
    from t where p.sku = t.sku and p.node = t.node and p.available - t.qty >= t.floor
    returning p.sku, p.node
  ),
  ok as (select count(*) = $12::int as ok from taken),
  rest as (
    insert into position as p (sku, node, available, reserved, allocated, quarantine, refurbish, damaged, inbound)
    select r.* from unnest($13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[],
      $20::bigint[], $21::bigint[]) as r(sku, node, available, reserved, allocated, quarantine, refurbish, damaged, inbound)
    where (select ok from ok)
    order by r.sku, r.node
    on conflict (sku, node) do update set
      available = p.available + excluded.available, reserved = p.reserved + excluded.reserved,
      allocated = p.allocated + excluded.allocated, quarantine = p.quarantine + excluded.quarantine,
      refurbish = p.refurbish + excluded.refurbish, damaged = p.damaged + excluded.damaged, inbound = p.inbound + excluded.inbound
  ),
  moved as (
    insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
    select m.sku, m.from_node, m.from_kind, m.to_node, m.to_kind, m.qty, m.reason, m.event_seq, m.occurred_at, $31::bigint
    from unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::bigint[], $28::text[], $29::bigint[], $30::bigint[])
      with ordinality as m(sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, ord)
    where (select ok from ok)
    order by m.ord
  )
  select (select ok from ok) as ok, coalesce((select json_agg(json_build_array(sku, node)) from taken), '[]'::json) as taken`;

/**
 * Gives back what a failed \`GUARDED_APPLY_SQL\` took from the demands that passed: those rows are
 * locked by this transaction since the update, so the inverse is exact and nobody saw the change.
 */
const GUARDED_UNDO_SQL = `
  update position p set available = p.available + t.qty - t.available, reserved = p.reserved - t.reserved,
    allocated = p.allocated - t.allocated, quarantine = p.quarantine - t.quarantine, refurbish = p.refurbish - t.refurbish,
    damaged = p.damaged - t.damaged, inbound = p.inbound - t.inbound
  from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
    $10::bigint[]) as t(sku, node, qty, available, reserved, allocated, quarantine, refurbish, damaged, inbound)
  where p.sku = t.sku and p.node = t.node`;

/** One statement for the reservation row, its lines (the index the conflict step reads) and its expiry timer. */
const INSERT_RESERVATION_SQL = `
  with r as (
    insert into reservation (id, idempotency_key, request_hash, channel, order_ref, status, lines, ship_to, trace, created_at, expires_at, closed_at, order_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ),
  t as (
    insert into timer (kind, subject_id, due_at, status) values ('reservation_expiry', $1, $11, 'pending')
    on conflict (kind, subject_id) do update set due_at = excluded.due_at, status = 'pending'
  )
  insert into reservation_line (reservation_id, sku, node, qty)
  select $1, l.sku, l.node, l.qty from unnest($14::text[], $15::text[], $16::bigint[]) as l(sku, node, qty)`;

/**
 * A sourcing run's reads in one round trip: the positions of its SKUs at its nodes (this
 * transaction's writes included), and the fulfilment orders each node took since `$3`.
 */
const SOURCING_READS_SQL = `
  select coalesce((select json_agg(p) from position p where p.sku = any($1::text[]) and p.node = any($2::text[])), '[]'::json) as positions,
    coalesce((select json_object_agg(node, n) from (
      select node, count(*) as n from fulfilment_order where node = any($2::text[]) and created_at >= $3::bigint group by node) f), '{}'::json) as counts`;

const BUCKET_COLUMNS = ['available', 'reserved', 'allocated', 'quarantine', 'refurbish', 'damaged', 'inbound'] as const;
const MOVEMENT_COLUMNS = ['sku', 'from_node', 'from_kind', 'to_node', 'to_kind', 'qty', 'reason', 'event_seq', 'occurred_at'] as const;

type Cell = string | number | null;

/** Workflow writes on PostgreSQL, on the ingestion transaction's client; rows read for a transition are locked `for update`. */
export class PostgresWorkflowTransaction extends SqlWorkflowTransaction {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly onConflict: () => void,
  ) {
    super(transactionKysely(client, onConflict), true);
  }

  private async run(name: string, text: string, values: (Cell[] | Cell)[]) {
    const encoded = values.map((v) => (Array.isArray(v) ? arrayLiteral(v) : v));
    try {
      return await this.client.query({ name, text, values: encoded });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === '40P01' || code === '40001') this.onConflict();
      throw error;
    }
  }

  /**
   * One round trip when every guard holds (`GUARDED_APPLY_SQL`); when one fails, a second gives
   * back what the others took, so a failed guard leaves nothing written.
   */
  async applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome> {
    const { merged, rest, movementRows } = mergedGuardedPlan(movements, eventSeq, floorOf, recordedAtMs);
    const result = await this.run('omnistock_wf_guardedApply', GUARDED_APPLY_SQL, [
      merged.map((d) => d.sku),
      merged.map((d) => d.node),
      merged.map((d) => d.qty),
      merged.map((d) => d.floor),
      ...BUCKET_COLUMNS.map((b) => merged.map((d) => d.delta[b])),
      merged.length,
      rest.map((d) => d.sku),
      rest.map((d) => d.node),
      ...BUCKET_COLUMNS.map((b) => rest.map((d) => d[b])),
      ...MOVEMENT_COLUMNS.map((k) => movementRows.map((m) => m[k])),
      recordedAtMs,
    ]);
    const row = result.rows[0] as { ok: boolean; taken: [string, string][] };
    if (row.ok) return { ok: true };
    const taken = new Set(row.taken.map(([sku, node]) => positionKey(sku, node)));
    const undo = merged.filter((d) => taken.has(positionKey(d.sku, d.node)));
    if (undo.length > 0) {
      await this.run('omnistock_wf_guardedUndo', GUARDED_UNDO_SQL, [
        undo.map((d) => d.sku),
        undo.map((d) => d.node),
        undo.map((d) => d.qty),
        ...BUCKET_COLUMNS.map((b) => undo.map((d) => d.delta[b])),
      ]);
    }
    const failed = merged.find((d) => !taken.has(positionKey(d.sku, d.node)));
    return { ok: false, failedIndex: failed?.firstIndex ?? 0 };
  }

  override async sourcingReads(skus: readonly string[], nodes: readonly string[], sinceMs: number): Promise<SourcingReads> {
    if (skus.length === 0 || nodes.length === 0) return { positions: [], fulfilmentOrders: {} };
    const result = await this.run('omnistock_wf_sourcingReads', SOURCING_READS_SQL, [[...skus], [...nodes], sinceMs]);
    const row = result.rows[0] as { positions: Tables['position'][]; counts: Record<string, number | string> };
    return {
      positions: row.positions.map(toPosition),
      fulfilmentOrders: Object.fromEntries(Object.entries(row.counts).map(([node, n]) => [node, Number(n)])),
    };
  }

  override async insertReservation(r: ReservationRecord): Promise<void> {
    const row = reservationRow(r);
    await this.run('omnistock_wf_insertReservation', INSERT_RESERVATION_SQL, [
      row.id,
      row.idempotency_key,
      row.request_hash,
      row.channel,
      row.order_ref,
      row.status,
      row.lines,
      row.ship_to,
      row.trace,
      row.created_at,
      row.expires_at,
      row.closed_at,
      row.order_id,
      r.lines.map((l) => l.sku),
      r.lines.map((l) => l.node),
      r.lines.map((l) => l.qty),
    ]);
  }
}

import { type Kysely, type RawBuilder, sql } from 'kysely';
import { asNodeId, asSku } from '../../core/ids.ts';
import { BUCKETS, isBucket } from '../../core/ledger/buckets.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from '../../core/ledger/position.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import { limits } from '../../core/limits.ts';
import type { CauseEvidence } from '../../core/reconciliation/likely-cause.ts';
import type { InFlightCandidate, PositionKey, ReconciliationEvidence } from '../../ports/reconciliation-store.ts';
import type { Tables } from './tables.ts';

type Db = Kysely<Tables>;
type Num = number | string;

/** Names scratch tables uniquely: two reconciliations may share a connection (SQLite's reader). */
let scratchCounter = 0;

/**
 * Movements with business time after `asOfMs` were all recorded after `asOfMs − tolerance`: ingestion
 * rejects events more than `eventTimeFutureToleranceMs` in the future of the clock that records
 * them, and commands record at their own time. So the indexed `recorded_at` range bounds the scan.
 */
const windowStartOf = (asOfMs: number): number => asOfMs - limits.eventTimeFutureToleranceMs;

/**
 * The as-of ledger and the evidence for likely causes, in set-based SQL shared by both databases
 * (docs/reconciliation.md, "The as-of ledger"). The snapshot's keys go into a scratch table once;
 * every query joins it, so 100,000 lines cost a handful of statements, not one per line.
 */
export class ReconciliationLedgerReads {
  constructor(
    private readonly kind: 'sqlite' | 'postgres',
    /** Runs `work` on one connection: temporary tables live per connection. */
    private readonly onOneConnection: <T>(work: (db: Db) => Promise<T>) => Promise<T>,
  ) {}

  /** Runs `work` with the keys loaded into a scratch table `name (sku, node)` keyed on both. */
  private withKeys<T>(keys: readonly PositionKey[], work: (db: Db, table: RawBuilder<unknown>) => Promise<T>): Promise<T> {
    return this.onOneConnection(async (db) => {
      const name = `reconcile_keys_${process.pid}_${++scratchCounter}`;
      const table = sql.table(name);
      const text = this.kind === 'postgres' ? sql`text collate "C"` : sql`text`;
      await sql`create temporary table ${table} (sku ${text} not null, node ${text} not null, primary key (sku, node))`.execute(db);
      try {
        const unique = new Map(keys.map((k) => [positionKey(k.sku, k.node), k]));
        const all = [...unique.values()];
        for (let i = 0; i < all.length; i += limits.reconciliationKeysPerStatementMax) {
          const chunk = all.slice(i, i + limits.reconciliationKeysPerStatementMax);
          await sql`insert into ${table} (sku, node) values ${sql.join(chunk.map((k) => sql`(${k.sku}, ${k.node})`))}`.execute(db);
        }
        if (this.kind === 'postgres') await sql`analyze ${table}`.execute(db);
        return await work(db, table);
      } finally {
        await sql`drop table if exists ${table}`.execute(db);
      }
    });
  }

  /**
   * The stored position minus what moved after asOf, in ONE statement (one snapshot of the data on
   * both databases, so a commit between two reads cannot skew it). Equal to summing every movement
   * with `occurred_at ≤ asOf` because positions are exactly the ledger replayed (replay --verify),
   * but it reads only the recent movements instead of the whole history:
   *
   *   with w as materialized (select … from movement where recorded_at > :asOf - :tolerance and occurred_at > :asOf),
   *        d as (select sku, to_node node, to_kind kind, qty delta from w where to_node is not null
   *              union all select sku, from_node, from_kind, -qty from w where from_node is not null),
   *        g as materialized (select sku, node, -sum(case when kind = 'available' then delta else 0 end) as available, …
   *                           from d group by sku, node)
   *   select k.sku, k.node, p.available, … from keys k join position p on (sku, node)
   *   union all
   *   select g.* from g join keys k on (sku, node)
   *
   * The window is read once (materialized) and aggregated before the join: on SQLite with half of
   * 1,000,000 movements after asOf that is 1.8 s instead of 3 s for two index scans and a join.
   */
  positionsAsOf(keys: readonly PositionKey[], asOfMs: number): Promise<Map<string, BucketQuantities>> {
    if (keys.length === 0) return Promise.resolve(new Map());
    return this.withKeys(keys, async (db, table) => {
      const w = windowStartOf(asOfMs);
      const undo = sql.join(BUCKETS.map((b) => sql`-sum(case when d.kind = ${b} then d.delta else 0 end) as ${sql.ref(b)}`));
      const stored = sql.join(BUCKETS.map((b) => sql.ref(`p.${b}`)));
      const result = await sql<Record<(typeof BUCKETS)[number], Num> & { sku: string; node: string }>`
        with w as materialized (
          select sku, from_node, from_kind, to_node, to_kind, qty from movement where recorded_at > ${w} and occurred_at > ${asOfMs}),
        d as (
          select sku, to_node as node, to_kind as kind, qty as delta from w where to_node is not null
          union all
          select sku, from_node as node, from_kind as kind, -qty as delta from w where from_node is not null),
        g as materialized (select d.sku, d.node, ${undo} from d group by d.sku, d.node)
        select k.sku, k.node, ${stored} from ${table} k join position p on p.sku = k.sku and p.node = k.node
        union all
        select g.sku, g.node, ${sql.join(BUCKETS.map((b) => sql.ref(`g.${b}`)))} from g join ${table} k on k.sku = g.sku and k.node = g.node`.execute(db);
      const out = new Map<string, { -readonly [B in keyof BucketQuantities]: number }>();
      for (const r of result.rows) {
        const key = positionKey(r.sku, r.node);
        let q = out.get(key);
        if (!q) {
          q = { ...ZERO_QUANTITIES };
          out.set(key, q);
        }
        for (const b of BUCKETS) q[b] += Number(r[b]);
      }
      return out as Map<string, BucketQuantities>;
    });
  }

  /** Late postings and transfers in transit at asOf touching the keys, and pending dead letters. */
  async evidence(keys: readonly PositionKey[], asOfMs: number): Promise<ReconciliationEvidence> {
    if (keys.length === 0) return { evidence: [], inFlight: [] };
    const wanted = new Set(keys.map((k) => positionKey(k.sku, k.node)));
    return this.onOneConnection(async (db) => {
      const late = await latePostings(db, wanted, asOfMs);
      const transfers = await pendingTransfers(db, wanted, asOfMs);
      return { evidence: [...late, ...transfers], inFlight: await inFlightCandidates(db) };
    });
  }
}

/**
 * Events recorded after asOf that occurred at or before it, netted per (event, sku, node): a late
 * sale and its `late_posting_correction` (a count had already seen it) net to no effect.
 *
 *   select m.*, e.source, e.id from movement m join event e on e.seq = m.event_seq
 *   where m.recorded_at > :asOf and m.occurred_at <= :asOf limit :max
 */
async function latePostings(db: Db, wanted: ReadonlySet<string>, asOfMs: number): Promise<CauseEvidence[]> {
  const rows = await db
    .selectFrom('movement as m')
    .innerJoin('event as e', 'e.seq', 'm.event_seq')
    .select(['m.sku', 'm.from_node', 'm.from_kind', 'm.to_node', 'm.to_kind', 'm.qty', 'e.source', 'e.id'])
    .where('m.recorded_at', '>', asOfMs)
    .where('m.occurred_at', '<=', asOfMs)
    .orderBy('m.seq')
    .limit(limits.reconciliationLateMovementsMax)
    .execute();
  const effects = new Map<string, { sku: string; node: string; reference: string; effect: Record<string, number> }>();
  const add = (sku: string, node: string | null, kind: string, reference: string, delta: number) => {
    if (node === null || !isBucket(kind) || !wanted.has(positionKey(sku, node))) return;
    const key = `${reference}\u0000${positionKey(sku, node)}`;
    const e = effects.get(key) ?? { sku, node, reference, effect: {} };
    e.effect[kind] = (e.effect[kind] ?? 0) + delta;
    effects.set(key, e);
  };
  for (const r of rows) {
    const reference = `${r.source}/${r.id}`;
    add(r.sku, r.from_node, r.from_kind, reference, -Number(r.qty));
    add(r.sku, r.to_node, r.to_kind, reference, Number(r.qty));
  }
  return [...effects.values()].map((e) => ({ kind: 'late_posting', sku: asSku(e.sku), node: asNodeId(e.node), reference: e.reference, effect: e.effect }));
}

/**
 * Transfer lines shipped at or before asOf and not fully received as of asOf: still open now, or
 * received (partly) after asOf. Receipts after asOf are found from the `transfer_in` movements in
 * the recent window, whose event names the transfer (`data.transferId`).
 */
async function pendingTransfers(db: Db, wanted: ReadonlySet<string>, asOfMs: number): Promise<CauseEvidence[]> {
  const receipts = await db
    .selectFrom('movement as m')
    .innerJoin('event as e', 'e.seq', 'm.event_seq')
    .select(['m.sku', 'm.qty', 'e.body'])
    .where('m.recorded_at', '>', windowStartOf(asOfMs))
    .where('m.occurred_at', '>', asOfMs)
    .where('m.reason', '=', 'transfer_in')
    .limit(limits.reconciliationLateMovementsMax)
    .execute();
  const receivedAfter = new Map<string, number>();
  for (const r of receipts) {
    const transferId = transferIdOf(r.body);
    if (transferId === null) continue;
    const key = `${transferId}\u0000${r.sku}`;
    receivedAfter.set(key, (receivedAfter.get(key) ?? 0) + Number(r.qty));
  }
  const ids = [...new Set([...receivedAfter.keys()].map((k) => k.slice(0, k.indexOf('\u0000'))))];
  const lines = await db
    .selectFrom('transfer_line')
    .selectAll()
    .where('shipped_at', '<=', asOfMs)
    .where((eb) => {
      const open = eb('received_qty', '<', eb.ref('shipped_qty'));
      return ids.length === 0 ? open : eb.or([open, eb('transfer_id', 'in', ids.slice(0, limits.reconciliationKeysPerStatementMax))]);
    })
    .limit(limits.reconciliationLateMovementsMax)
    .execute();
  const out: CauseEvidence[] = [];
  for (const t of lines) {
    if (!wanted.has(positionKey(t.sku, t.from_node)) && !wanted.has(positionKey(t.sku, t.to_node))) continue;
    const inTransit = Number(t.shipped_qty) - Number(t.received_qty) + (receivedAfter.get(`${t.transfer_id}\u0000${t.sku}`) ?? 0);
    if (inTransit <= 0) continue;
    out.push({
      kind: 'pending_transfer',
      sku: asSku(t.sku),
      fromNode: asNodeId(t.from_node),
      toNode: asNodeId(t.to_node),
      reference: t.transfer_id,
      qty: inTransit,
    });
  }
  return out;
}

function transferIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { data?: { transferId?: unknown } }).data?.transferId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Pending dead letters, newest first: events received and not applied (the use case reads their effect). */
async function inFlightCandidates(db: Db): Promise<InFlightCandidate[]> {
  const rows = await db
    .selectFrom('dead_letter')
    .select(['id', 'source', 'event_id', 'body'])
    .where('status', '=', 'pending')
    .orderBy('id', 'desc')
    .limit(limits.reconciliationInFlightScanMax)
    .execute();
  return rows.map((r) => ({ reference: r.source !== null && r.event_id !== null ? `${r.source}/${r.event_id}` : `dead-letter/${r.id}`, body: r.body }));
}

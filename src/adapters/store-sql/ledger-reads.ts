import { type Selectable, sql } from 'kysely';
import { asNodeId, asSku } from '../../core/ids.ts';
import { BUCKETS } from '../../core/ledger/buckets.ts';
import type { RecordedMovement } from '../../core/ledger/movement.ts';
import type { Position } from '../../core/ledger/position.ts';
import type { LedgerEntry, LedgerFilter, LedgerRepository, PageRequest, ProjectionDifference } from '../../ports/store.ts';
import { toChannelAvailabilityRow } from './channel-availability-row.ts';
import { toRecordedMovement } from './movement-row.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';

/** Differences reported by `verifyProjection` at most; more means the projection is broken anyway. */
const differencesMax = 1_000;

export const toPosition = (r: Selectable<Tables['position']>): Position => ({
  sku: asSku(r.sku),
  node: asNodeId(r.node),
  available: Number(r.available),
  reserved: Number(r.reserved),
  allocated: Number(r.allocated),
  quarantine: Number(r.quarantine),
  refurbish: Number(r.refurbish),
  damaged: Number(r.damaged),
  inbound: Number(r.inbound),
  lastCountedAtMs: r.last_counted_at === null ? null : Number(r.last_counted_at),
});

/** Ledger and position reads, the same SQL on SQLite and PostgreSQL. */
export class SqlLedgerReads implements LedgerRepository {
  constructor(
    private readonly dbs: SqlConnections,
    /** Runs `work` on one connection (temporary tables live per connection). */
    private readonly onOneConnection: <T>(work: (db: SqlConnections['read']) => Promise<T>) => Promise<T>,
  ) {}

  async channelAvailability(channel: string, skus: readonly string[]) {
    if (skus.length === 0) return [];
    const rows = await this.dbs.read
      .selectFrom('channel_availability')
      .selectAll()
      .where('channel', '=', channel)
      .where('sku', 'in', [...skus])
      .execute();
    return rows.map(toChannelAvailabilityRow);
  }

  async positionsOfSku(sku: string): Promise<Position[]> {
    const rows = await this.dbs.read.selectFrom('position').selectAll().where('sku', '=', sku).orderBy('node').execute();
    return rows.map(toPosition);
  }

  /**
   * Every position of the SKUs, kept here when at one of `nodes`. With both as IN lists SQLite
   * probed the primary key for every (sku, node) pair: the simulator's hourly sample asks for 200
   * SKUs at all 302 nodes per statement, 60,000 probes for the few thousand positions there are.
   */
  async positionsAt(skus: readonly string[], nodes: readonly string[]): Promise<Position[]> {
    if (skus.length === 0 || nodes.length === 0) return [];
    const wanted = new Set(nodes);
    const rows = await this.dbs.read
      .selectFrom('position')
      .selectAll()
      .where('sku', 'in', [...skus])
      .orderBy('sku')
      .orderBy('node')
      .execute();
    return rows.filter((r) => wanted.has(r.node)).map(toPosition);
  }

  async movements(filter: LedgerFilter, page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('movement as m')
      .innerJoin('event as e', 'e.seq', 'm.event_seq')
      .selectAll('m')
      .select(['e.source as event_source', 'e.id as event_id'])
      .orderBy('m.seq')
      .limit(page.limit + 1);
    if (filter.sku) q = q.where('m.sku', '=', filter.sku);
    const node = filter.node;
    if (node) q = q.where((eb) => eb.or([eb('m.from_node', '=', node), eb('m.to_node', '=', node)]));
    if (page.cursor) q = q.where('m.seq', '>', decodeCursor(page.cursor, 'number'));
    const rows = await q.execute();
    return toPage(
      rows,
      page.limit,
      (r): LedgerEntry => ({ ...toRecordedMovement(r), eventSource: r.event_source, eventId: r.event_id }),
      (r) => Number(r.seq),
    );
  }

  async *streamMovements(chunkRows: number): AsyncIterable<RecordedMovement[]> {
    let after = 0;
    for (;;) {
      const rows = await this.dbs.read.selectFrom('movement').selectAll().where('seq', '>', after).orderBy('seq').limit(chunkRows).execute();
      if (rows.length === 0) return;
      yield rows.map(toRecordedMovement);
      after = Number(rows.at(-1)?.seq);
    }
  }

  /**
   * Replays the whole ledger in SQL into a temporary table, then lists every (sku, node, bucket)
   * where stored and replayed quantities differ:
   *
   *   create temporary table replayed_position (sku, node, bucket, qty, primary key (sku, node, bucket));
   *   insert into replayed_position
   *     select sku, node, kind, sum(delta) from (
   *       select sku, to_node as node, to_kind as kind, qty as delta from movement where to_node is not null
   *       union all
   *       select sku, from_node, from_kind, -qty from movement where from_node is not null) d
   *     group by sku, node, kind;
   *   select … from stored full outer join replayed_position … where stored.qty <> replayed.qty;
   */
  async verifyProjection(): Promise<ProjectionDifference[]> {
    return this.onOneConnection(async (db) => {
      await sql`drop table if exists replayed_position`.execute(db);
      // The primary key is what makes the join below a keyed lookup: without it SQLite scans the
      // whole scratch table for every stored row (27 s for 10,000 positions, quadratic).
      await sql`create temporary table replayed_position (
        sku text not null, node text not null, bucket text not null, qty bigint not null, primary key (sku, node, bucket))`.execute(db);
      await sql`insert into replayed_position (sku, node, bucket, qty)
        select sku, node, kind, sum(delta) from (
          select sku, to_node as node, to_kind as kind, qty as delta from movement where to_node is not null
          union all
          select sku, from_node as node, from_kind as kind, -qty as delta from movement where from_node is not null
        ) d group by sku, node, kind`.execute(db);
      const stored = sql.join(
        BUCKETS.map((b) => sql`select sku, node, ${sql.lit(b)} as bucket, ${sql.ref(b)} as qty from position`),
        sql` union all `,
      );
      const result = await sql<{ sku: string; node: string; bucket: string; stored: number | string; replayed: number | string }>`
        select coalesce(s.sku, r.sku) as sku, coalesce(s.node, r.node) as node, coalesce(s.bucket, r.bucket) as bucket,
               coalesce(s.qty, 0) as stored, coalesce(r.qty, 0) as replayed
        from (${stored}) s
        full outer join replayed_position r on s.sku = r.sku and s.node = r.node and s.bucket = r.bucket
        where coalesce(s.qty, 0) <> coalesce(r.qty, 0)
        order by 1, 2, 3
        limit ${differencesMax}`.execute(db);
      await sql`drop table replayed_position`.execute(db);
      return result.rows.map((r) => ({ sku: r.sku, node: r.node, bucket: r.bucket, stored: Number(r.stored), replayed: Number(r.replayed) }));
    });
  }

  async conservationViolations(): Promise<{ sku: string; sum: number }[]> {
    const result = await sql<{ sku: string; total: number | string }>`
      select sku, sum(x) as total from (
        select sku, available + reserved + allocated + quarantine + refurbish + damaged + inbound as x from position
        union all select sku, qty as x from movement where to_node is null
        union all select sku, -qty as x from movement where from_node is null
      ) t group by sku having sum(x) <> 0 order by sku limit ${differencesMax}`.execute(this.dbs.read);
    return result.rows.map((r) => ({ sku: r.sku, sum: Number(r.total) }));
  }

  async countMovements(): Promise<number> {
    const row = await this.dbs.read
      .selectFrom('movement')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countRecords(sku: string, node: string) {
    const rows = await this.dbs.read.selectFrom('cycle_count').selectAll().where('sku', '=', sku).where('node', '=', node).orderBy('seq').execute();
    return rows.map((r) => ({
      countedAtMs: Number(r.counted_at),
      countedQty: Number(r.counted_qty),
      expectedQty: Number(r.expected_qty),
      variance: Number(r.variance),
      superseded: Number(r.superseded) === 1,
    }));
  }
}

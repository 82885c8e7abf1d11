import { type Kysely, type Selectable, sql } from 'kysely';
import {
  type ChannelAvailabilityPayload,
  OUTBOX_STATUSES,
  type OutboxFilter,
  type OutboxLatencyStats,
  type OutboxMessage,
  type OutboxRepository,
  type OutboxRetryOutcome,
  type OutboxStatus,
} from '../../ports/outbox.ts';
import type { Page, PageRequest } from '../../ports/store.ts';
import { countRowsByStatus, leasedQueueDb, markPendingDead, markPendingForRetry } from './leased-queue-marks.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

/** An `outbox` row as selected (`payload` is JSON text on SQLite, a parsed jsonb value on PostgreSQL). */
export type OutboxRow = Selectable<Tables['outbox']>;

/**
 * Runs the portable claim statement the way the database needs: SQLite under the write gate (one
 * writer, one statement, atomic), PostgreSQL in a transaction behind an advisory lock (see
 * `postgres-outbox.ts`). `claim` receives the connection (or transaction) to run on.
 */
export type OutboxClaimRunner = (claim: (db: Kysely<Tables>) => Promise<OutboxRow[]>) => Promise<OutboxRow[]>;

/** Maps a stored row to the port's message. */
export function toOutboxMessage(r: OutboxRow): OutboxMessage {
  const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as ChannelAvailabilityPayload;
  return {
    id: Number(r.id),
    kind: r.kind as OutboxMessage['kind'],
    channel: r.channel,
    sku: r.sku,
    payload,
    causedAtMs: Number(r.caused_at_ms),
    createdAtMs: Number(r.created_at_ms),
    attempts: Number(r.attempts),
    nextAttemptAtMs: Number(r.next_attempt_at_ms),
    status: r.status as OutboxStatus,
    lastError: r.last_error,
    leaseUntilMs: Number(r.lease_until_ms),
    deliveredAtMs: r.delivered_at_ms === null ? null : Number(r.delivered_at_ms),
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
  };
}

/**
 * The claim, portable SQL (docs/channel-feeds.md §3): due, unleased pending rows, oldest first,
 * skipping every key that has a pending row leased elsewhere, leased in the same statement.
 *
 *   update outbox set lease_until_ms = :now + :lease
 *   where id in (select o.id from outbox o
 *                where o.status = 'pending' and o.next_attempt_at_ms <= :now and o.lease_until_ms <= :now
 *                  and not exists (select 1 from outbox l where l.channel = o.channel and l.sku = o.sku
 *                                    and l.status = 'pending' and l.lease_until_ms > :now)
 *                order by o.id limit :limit)
 *   returning *
 */
export function claimDueStatement(db: Kysely<Tables>, nowMs: number, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return db
    .updateTable('outbox')
    .set({ lease_until_ms: nowMs + leaseMs })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox as o')
        .select('o.id')
        .where('o.status', '=', 'pending')
        .where('o.next_attempt_at_ms', '<=', nowMs)
        .where('o.lease_until_ms', '<=', nowMs)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('outbox as l')
                .select(sql<number>`1`.as('one'))
                .whereRef('l.channel', '=', 'o.channel')
                .whereRef('l.sku', '=', 'o.sku')
                .where('l.status', '=', 'pending')
                .where('l.lease_until_ms', '>', nowMs),
            ),
          ),
        )
        .orderBy('o.id')
        .limit(limit),
    )
    .returningAll()
    .execute();
}

/**
 * `OutboxRepository` on SQLite and PostgreSQL: the rules of the reference `MemoryOutbox`, as
 * single guarded statements. Every mark carries `status = 'pending'` in its `where`, which is what
 * makes a late dispatcher's mark harmless. Writes go through the `WriteGate` (on SQLite the writer
 * connection is shared with ingestion); reads use the read connection.
 */
export class SqlOutboxRepository implements OutboxRepository {
  constructor(
    private readonly dbs: SqlConnections,
    private readonly gate: WriteGate,
    private readonly runClaim: OutboxClaimRunner,
  ) {}

  async claimDue(nowMs: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await this.runClaim((db) => claimDueStatement(db, nowMs, limit, leaseMs));
    // RETURNING order is unspecified on both databases.
    return rows.map(toOutboxMessage).sort((a, b) => a.id - b.id);
  }

  async markDelivered(id: number, deliveredAtMs: number, latencyMs: number): Promise<void> {
    await this.#updatePending(id, { status: 'delivered', delivered_at_ms: deliveredAtMs, latency_ms: latencyMs, lease_until_ms: 0 });
  }

  async markDeliveredMany(deliveries: readonly { readonly id: number; readonly latencyMs: number }[], deliveredAtMs: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.gate.run(() =>
      this.dbs.write.transaction().execute(async (trx) => {
        for (const d of deliveries) {
          await trx
            .updateTable('outbox')
            .set({ status: 'delivered', delivered_at_ms: deliveredAtMs, latency_ms: d.latencyMs, lease_until_ms: 0 })
            .where('id', '=', d.id)
            .where('status', '=', 'pending')
            .execute();
        }
      }),
    );
  }

  async markRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void> {
    await this.gate.run(() => markPendingForRetry(leasedQueueDb(this.dbs.write), 'outbox', id, nextAttemptAtMs, error));
  }

  async markDead(id: number, error: string): Promise<void> {
    await this.gate.run(() => markPendingDead(leasedQueueDb(this.dbs.write), 'outbox', id, error));
  }

  async defer(id: number, nextAttemptAtMs: number): Promise<void> {
    await this.#updatePending(id, { next_attempt_at_ms: nextAttemptAtMs, lease_until_ms: 0 });
  }

  async supersedeOlder(channel: string, sku: string, id: number): Promise<number> {
    const result = await this.gate.run(() =>
      this.dbs.write
        .updateTable('outbox')
        .set({ status: 'superseded', lease_until_ms: 0 })
        .where('channel', '=', channel)
        .where('sku', '=', sku)
        .where('id', '<', id)
        .where('status', 'in', ['pending', 'dead'])
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows);
  }

  async list(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboxMessage>> {
    let q = this.dbs.read
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
    if (page.cursor !== null) q = q.where('id', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toOutboxMessage, (r) => Number(r.id));
  }

  async get(id: number): Promise<OutboxMessage | undefined> {
    const row = await this.dbs.read.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toOutboxMessage(row);
  }

  /**
   * In one transaction: read the row (not found / not dead), then two guarded updates:
   *
   *   update outbox set status = 'superseded' where id = :id and status = 'dead'
   *     and exists (select 1 from outbox n where n.channel = outbox.channel and n.sku = outbox.sku
   *                 and n.id > outbox.id and n.status <> 'superseded');
   *   update outbox set status = 'pending', attempts = 0, next_attempt_at_ms = :now, lease_until_ms = 0
   *     where id = :id and status = 'dead';
   *
   * The `status = 'dead'` guards keep a concurrent retry from reviving a row twice.
   */
  async retry(id: number, nowMs: number): Promise<OutboxRetryOutcome> {
    return this.gate.run(() =>
      this.dbs.write.transaction().execute(async (trx): Promise<OutboxRetryOutcome> => {
        const before = await trx.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirst();
        if (before === undefined) return 'not_found';
        if (before.status !== 'dead') return 'not_dead';
        const superseded = await trx
          .updateTable('outbox')
          .set({ status: 'superseded', lease_until_ms: 0 })
          .where('id', '=', id)
          .where('status', '=', 'dead')
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('outbox as n')
                .select(sql<number>`1`.as('one'))
                .whereRef('n.channel', '=', 'outbox.channel')
                .whereRef('n.sku', '=', 'outbox.sku')
                .whereRef('n.id', '>', 'outbox.id')
                .where('n.status', '<>', 'superseded'),
            ),
          )
          .executeTakeFirst();
        if (Number(superseded.numUpdatedRows) > 0) return 'superseded';
        const revived = await trx
          .updateTable('outbox')
          .set({ status: 'pending', attempts: 0, next_attempt_at_ms: nowMs, lease_until_ms: 0 })
          .where('id', '=', id)
          .where('status', '=', 'dead')
          .executeTakeFirst();
        // Zero rows: a concurrent retry (another process) won the race and the row is no longer dead.
        return Number(revived.numUpdatedRows) > 0 ? 'pending' : 'not_dead';
      }),
    );
  }

  /**
   * Nearest rank over ascending latencies (`rank = ceil(p/100 · n)`), the definition the memory
   * adapter uses: one count, then one `order by latency_ms limit 1 offset rank-1` per percentile,
   * each a range of the partial index on delivered rows.
   */
  async latencyStats(filter: { readonly channel?: string; readonly sinceMs?: number }): Promise<OutboxLatencyStats> {
    const delivered = () => {
      let q = this.dbs.read.selectFrom('outbox').where('status', '=', 'delivered').where('latency_ms', 'is not', null);
      if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
      if (filter.sinceMs !== undefined) q = q.where('delivered_at_ms', '>=', filter.sinceMs);
      return q;
    };
    const counted = await delivered()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const count = Number(counted?.n ?? 0);
    const at = async (percent: number): Promise<number | null> => {
      if (count === 0) return null;
      const rank = Math.max(1, Math.ceil((percent / 100) * count));
      const row = await delivered()
        .select('latency_ms')
        .orderBy('latency_ms')
        .limit(1)
        .offset(rank - 1)
        .executeTakeFirst();
      return row?.latency_ms === undefined || row.latency_ms === null ? null : Number(row.latency_ms);
    };
    return { count, p50Ms: await at(50), p99Ms: await at(99) };
  }

  countByStatus(): Promise<Record<OutboxStatus, number>> {
    return countRowsByStatus(leasedQueueDb(this.dbs.read), 'outbox', OUTBOX_STATUSES);
  }

  async #updatePending(id: number, values: Partial<Omit<OutboxRow, 'id'>>): Promise<void> {
    await this.gate.run(() => this.dbs.write.updateTable('outbox').set(values).where('id', '=', id).where('status', '=', 'pending').execute());
  }
}

import { assert } from '../../core/assert.ts';
import { percentileNearestRank } from '../../core/percentile.ts';
import type {
  NewOutboxMessage,
  OutboxFilter,
  OutboxLatencyStats,
  OutboxMessage,
  OutboxRepository,
  OutboxRetryOutcome,
  OutboxStatus,
} from '../../ports/outbox.ts';
import { InvalidCursorError, type Page, type PageRequest } from '../../ports/store.ts';

type Row = { -readonly [K in keyof OutboxMessage]: OutboxMessage[K] };

/**
 * The reference `OutboxRepository`: rows in a Map, every rule of the port spelled out in plain
 * code. The SQL stores implement the same rules as SQL (docs/channel-feeds.md gives the
 * statements); `test/contract/outbox` holds both to the same behaviour.
 *
 * @example
 * const outbox = new MemoryOutbox();
 * outbox.insert([{ kind: 'channel_availability', channel: 'web', sku: 'A', payload: { available: 3 }, causedAtMs: 0, createdAtMs: 0 }]);
 */
export class MemoryOutbox implements OutboxRepository {
  readonly #rows = new Map<number, Row>();
  #nextId = 1;

  /** Stands in for the ledger transaction's insert (not part of the port). Ids grow in call order. */
  insert(messages: readonly NewOutboxMessage[]): OutboxMessage[] {
    return messages.map((m) => {
      const row: Row = {
        ...m,
        id: this.#nextId++,
        attempts: 0,
        nextAttemptAtMs: m.createdAtMs,
        status: 'pending',
        lastError: null,
        leaseUntilMs: 0,
        deliveredAtMs: null,
        latencyMs: null,
      };
      this.#rows.set(row.id, row);
      return { ...row };
    });
  }

  async claimDue(nowMs: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    assert(limit > 0 && leaseMs > 0, 'claimDue needs a positive limit and lease');
    const pending = [...this.#rows.values()].filter((r) => r.status === 'pending').sort((a, b) => a.id - b.id);
    const leasedKeys = new Set(pending.filter((r) => r.leaseUntilMs > nowMs).map(keyOf));
    const claimed: OutboxMessage[] = [];
    for (const row of pending) {
      if (claimed.length >= limit) break;
      if (row.nextAttemptAtMs > nowMs || leasedKeys.has(keyOf(row))) continue;
      row.leaseUntilMs = nowMs + leaseMs;
      claimed.push({ ...row });
    }
    return claimed;
  }

  async markDelivered(id: number, deliveredAtMs: number, latencyMs: number): Promise<void> {
    const row = this.#pending(id);
    if (!row) return;
    Object.assign(row, { status: 'delivered', deliveredAtMs, latencyMs, leaseUntilMs: 0 });
  }

  async markDeliveredMany(deliveries: readonly { readonly id: number; readonly latencyMs: number }[], deliveredAtMs: number): Promise<void> {
    for (const d of deliveries) await this.markDelivered(d.id, deliveredAtMs, d.latencyMs);
  }

  async markRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void> {
    const row = this.#pending(id);
    if (!row) return;
    Object.assign(row, { attempts: row.attempts + 1, nextAttemptAtMs, lastError: error, leaseUntilMs: 0 });
  }

  async markDead(id: number, error: string): Promise<void> {
    const row = this.#pending(id);
    if (!row) return;
    Object.assign(row, { status: 'dead', attempts: row.attempts + 1, lastError: error, leaseUntilMs: 0 });
  }

  async defer(id: number, nextAttemptAtMs: number): Promise<void> {
    const row = this.#pending(id);
    if (!row) return;
    Object.assign(row, { nextAttemptAtMs, leaseUntilMs: 0 });
  }

  async supersedeOlder(channel: string, sku: string, id: number): Promise<number> {
    let marked = 0;
    for (const row of this.#rows.values()) {
      if (row.channel !== channel || row.sku !== sku || row.id >= id) continue;
      if (row.status !== 'pending' && row.status !== 'dead') continue;
      Object.assign(row, { status: 'superseded', leaseUntilMs: 0 });
      marked++;
    }
    return marked;
  }

  async list(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboxMessage>> {
    const after = page.cursor === null ? 0 : decodeIdCursor(page.cursor);
    const rows = [...this.#rows.values()]
      .filter((r) => r.id > after)
      .filter((r) => filter.status === undefined || r.status === filter.status)
      .filter((r) => filter.channel === undefined || r.channel === filter.channel)
      .sort((a, b) => a.id - b.id)
      .slice(0, page.limit + 1);
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit).map((r) => ({ ...r }));
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeIdCursor(last.id) : null };
  }

  async get(id: number): Promise<OutboxMessage | undefined> {
    const row = this.#rows.get(id);
    return row ? { ...row } : undefined;
  }

  async retry(id: number, nowMs: number): Promise<OutboxRetryOutcome> {
    const row = this.#rows.get(id);
    if (!row) return 'not_found';
    if (row.status !== 'dead') return 'not_dead';
    const newer = [...this.#rows.values()].some((r) => keyOf(r) === keyOf(row) && r.id > row.id && r.status !== 'superseded');
    if (newer) {
      row.status = 'superseded';
      return 'superseded';
    }
    Object.assign(row, { status: 'pending', attempts: 0, nextAttemptAtMs: nowMs, leaseUntilMs: 0 });
    return 'pending';
  }

  async latencyStats(filter: { readonly channel?: string; readonly sinceMs?: number }): Promise<OutboxLatencyStats> {
    const latencies = [...this.#rows.values()]
      .filter((r) => r.status === 'delivered' && r.latencyMs !== null && r.deliveredAtMs !== null)
      .filter((r) => filter.channel === undefined || r.channel === filter.channel)
      .filter((r) => filter.sinceMs === undefined || (r.deliveredAtMs ?? 0) >= filter.sinceMs)
      .map((r) => r.latencyMs as number)
      .sort((a, b) => a - b);
    return { count: latencies.length, p50Ms: percentileNearestRank(latencies, 50), p99Ms: percentileNearestRank(latencies, 99) };
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0, superseded: 0 };
    for (const row of this.#rows.values()) counts[row.status]++;
    return counts;
  }

  /** A row that may still change; a mark on a finished row (a late dispatcher) changes nothing. */
  #pending(id: number): Row | undefined {
    const row = this.#rows.get(id);
    return row?.status === 'pending' ? row : undefined;
  }
}

const keyOf = (row: { channel: string; sku: string }): string => `${row.channel}\u0000${row.sku}`;

function encodeIdCursor(id: number): string {
  return Buffer.from(JSON.stringify(id)).toString('base64url');
}

function decodeIdCursor(cursor: string): number {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvalidCursorError('cursor is not one this API issued');
  return value;
}

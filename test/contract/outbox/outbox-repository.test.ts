// The OutboxRepository contract on every backend: claims with leases and per-key exclusivity,
// retry/dead/defer bookkeeping, coalescing, operator retry, listing and latency percentiles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxRepository } from '../../../src/ports/outbox.ts';
import { InvalidCursorError } from '../../../src/ports/store.ts';
import { type OpenedOutbox, OUTBOX_BACKENDS, availabilityRow as row } from './outbox-backends.ts';

const T0 = 1_800_000_000_000;
const LEASE = 60_000;

for (const backend of OUTBOX_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`outbox repository on ${backend.name}`, () => {
    let opened: OpenedOutbox;
    let outbox: OutboxRepository;
    beforeEach(async () => {
      opened = await backend.open();
      outbox = opened.outbox;
    });
    afterEach(async () => opened.dispose());

    it('claims due rows oldest first under a lease, and again only after the lease runs out', async () => {
      const [a, b] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 2, T0 + 1)]);
      // A row is due from its creation time: at T0 only A is.
      expect((await outbox.claimDue(T0, 10, LEASE)).map((m) => m.id)).toEqual([a?.id]);
      const claimed = await outbox.claimDue(T0 + 1, 10, LEASE);
      expect(claimed.map((m) => m.id)).toEqual([b?.id]);
      expect(claimed[0]).toMatchObject({ status: 'pending', attempts: 0, leaseUntilMs: T0 + 1 + LEASE, payload: { available: 2 } });
      expect(await outbox.claimDue(T0 + 2, 10, LEASE)).toEqual([]);
      expect((await outbox.claimDue(T0 + LEASE, 10, LEASE)).map((m) => m.id)).toEqual([a?.id]);
      expect((await outbox.claimDue(T0 + 1 + LEASE, 10, LEASE)).map((m) => m.id)).toEqual([b?.id]);
    });

    it('respects the claim limit', async () => {
      await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 1, T0), row('web', 'C', 1, T0)]);
      expect(await outbox.claimDue(T0, 2, LEASE)).toHaveLength(2);
      expect(await outbox.claimDue(T0, 2, LEASE)).toHaveLength(1);
    });

    it('does not claim a row while another row of the same channel and sku is leased', async () => {
      const [first] = await opened.insert([row('web', 'A', 5, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      const [second, other] = await opened.insert([row('web', 'A', 3, T0 + 1), row('app', 'A', 3, T0 + 1)]);
      expect((await outbox.claimDue(T0 + 2, 10, LEASE)).map((m) => m.id)).toEqual([other?.id]);
      await outbox.markDelivered(first?.id as number, T0 + 3, 3);
      expect((await outbox.claimDue(T0 + 4, 10, LEASE)).map((m) => m.id)).toEqual([second?.id]);
    });

    it('marks a whole push delivered at once, with each row its own latency, and leaves non-pending rows alone', async () => {
      const [a, b, c] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 2, T0), row('web', 'C', 3, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.markDead(c?.id as number, 'refused');
      await outbox.markDeliveredMany(
        [a, b, c].map((m, i) => ({ id: m?.id as number, latencyMs: 10 * (i + 1) })),
        T0 + 50,
      );
      expect([await outbox.get(a?.id as number), await outbox.get(b?.id as number)]).toMatchObject([
        { status: 'delivered', deliveredAtMs: T0 + 50, latencyMs: 10 },
        { status: 'delivered', deliveredAtMs: T0 + 50, latencyMs: 20 },
      ]);
      expect(await outbox.get(c?.id as number)).toMatchObject({ status: 'dead', latencyMs: null });
    });

    it('records a retry: attempts + 1, the error, due later, lease cleared', async () => {
      const [a] = await opened.insert([row('web', 'A', 1, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.markRetry(a?.id as number, T0 + 5_000, 'timeout: no reply');
      expect(await outbox.get(a?.id as number)).toMatchObject({
        status: 'pending',
        attempts: 1,
        nextAttemptAtMs: T0 + 5_000,
        lastError: 'timeout: no reply',
        leaseUntilMs: 0,
      });
      expect(await outbox.claimDue(T0 + 4_999, 10, LEASE)).toEqual([]);
      expect(await outbox.claimDue(T0 + 5_000, 10, LEASE)).toHaveLength(1);
    });

    it('defers without counting an attempt', async () => {
      const [a] = await opened.insert([row('web', 'A', 1, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.defer(a?.id as number, T0 + 500);
      expect(await outbox.get(a?.id as number)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAtMs: T0 + 500, leaseUntilMs: 0 });
    });

    it('dead-letters, lists dead letters, and retries one back to pending', async () => {
      const [a, b] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 1, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.markDead(a?.id as number, 'rejected INVALID_INVENTORY_ITEM');
      await outbox.markDelivered(b?.id as number, T0 + 10, 10);
      const dead = await outbox.list({ status: 'dead' }, { cursor: null, limit: 10 });
      expect(dead.items.map((m) => [m.id, m.attempts, m.lastError])).toEqual([[a?.id, 1, 'rejected INVALID_INVENTORY_ITEM']]);
      expect(await outbox.retry(a?.id as number, T0 + 100)).toBe('pending');
      expect(await outbox.get(a?.id as number)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAtMs: T0 + 100 });
      expect((await outbox.claimDue(T0 + 100, 10, LEASE)).map((m) => m.id)).toEqual([a?.id]);
      expect(await outbox.retry(b?.id as number, T0)).toBe('not_dead');
      expect(await outbox.retry(999_999, T0)).toBe('not_found');
    });

    it('supersedes a dead letter on retry when a newer value exists', async () => {
      const [old] = await opened.insert([row('web', 'A', 1, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.markDead(old?.id as number, 'HTTP 404');
      await opened.insert([row('web', 'A', 7, T0 + 1)]);
      expect(await outbox.retry(old?.id as number, T0 + 2)).toBe('superseded');
      expect((await outbox.get(old?.id as number))?.status).toBe('superseded');
    });

    it('supersedes only older pending or dead rows of the same channel and sku', async () => {
      const rows = await opened.insert([
        row('web', 'A', 1, T0), // pending, older → superseded
        row('web', 'A', 2, T0), // dead, older → superseded
        row('web', 'A', 3, T0), // delivered, older → stays delivered
        row('app', 'A', 4, T0), // other channel
        row('web', 'B', 5, T0), // other sku
        row('web', 'A', 6, T0), // the newest
      ]);
      const [p, d, del, otherChannel, otherSku, newest] = rows.map((m) => m.id);
      await outbox.claimDue(T0, 3, LEASE);
      await outbox.markDead(d as number, 'x');
      await outbox.markDelivered(del as number, T0, 0);
      expect(await outbox.supersedeOlder('web', 'A', newest as number)).toBe(2);
      const statuses = await Promise.all([p, d, del, otherChannel, otherSku, newest].map(async (id) => (await outbox.get(id as number))?.status));
      expect(statuses).toEqual(['superseded', 'superseded', 'delivered', 'pending', 'pending', 'pending']);
    });

    it('ignores marks on a row that is already finished (a late dispatcher)', async () => {
      const [a] = await opened.insert([row('web', 'A', 1, T0)]);
      await outbox.claimDue(T0, 10, LEASE);
      await outbox.markDelivered(a?.id as number, T0 + 10, 10);
      await outbox.markRetry(a?.id as number, T0 + 99, 'late');
      await outbox.markDead(a?.id as number, 'late');
      expect(await outbox.get(a?.id as number)).toMatchObject({ status: 'delivered', attempts: 0, deliveredAtMs: T0 + 10, latencyMs: 10 });
    });

    it('lists by status and channel, page by page', async () => {
      const rows = await opened.insert([row('web', 'A', 1, T0), row('app', 'A', 1, T0), row('web', 'B', 1, T0), row('web', 'C', 1, T0)]);
      const webIds = [rows[0]?.id, rows[2]?.id, rows[3]?.id];
      const first = await outbox.list({ channel: 'web', status: 'pending' }, { cursor: null, limit: 2 });
      expect(first.items.map((m) => m.id)).toEqual(webIds.slice(0, 2));
      const second = await outbox.list({ channel: 'web', status: 'pending' }, { cursor: first.nextCursor, limit: 2 });
      expect(second.items.map((m) => m.id)).toEqual(webIds.slice(2));
      expect(second.nextCursor).toBeNull();
      await expect(outbox.list({}, { cursor: 'not-a-cursor', limit: 2 })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('reports nearest-rank latency percentiles of delivered rows, by channel and time', async () => {
      const rows = await opened.insert(Array.from({ length: 100 }, (_, i) => row(i < 90 ? 'web' : 'app', `S${i}`, 1, T0)));
      await outbox.claimDue(T0, 100, LEASE);
      for (const [i, m] of rows.entries()) await outbox.markDelivered(m.id, T0 + 1_000 + i, i + 1); // latencies 1..100
      expect(await outbox.latencyStats({})).toEqual({ count: 100, p50Ms: 50, p99Ms: 99 });
      expect(await outbox.latencyStats({ channel: 'app' })).toEqual({ count: 10, p50Ms: 95, p99Ms: 100 });
      expect(await outbox.latencyStats({ sinceMs: T0 + 1_098 })).toEqual({ count: 2, p50Ms: 99, p99Ms: 100 });
      expect(await outbox.latencyStats({ channel: 'none' })).toEqual({ count: 0, p50Ms: null, p99Ms: null });
    });
  });
}

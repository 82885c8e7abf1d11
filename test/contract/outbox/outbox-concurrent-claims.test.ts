// Concurrent claims on every outbox backend (on PostgreSQL each claim runs on its own pooled
// connection, so they truly overlap): no row is claimed twice and no (channel, sku) is in flight
// in two claims at once; countByStatus agrees with the rows' statuses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedOutbox, OUTBOX_BACKENDS, availabilityRow as row } from './outbox-backends.ts';

const T0 = 1_800_000_000_000;
const LEASE = 60_000;

for (const backend of OUTBOX_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`concurrent outbox claims on ${backend.name}`, () => {
    let opened: OpenedOutbox;
    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(async () => opened.dispose());

    it('never hands one key to two claimers, over many overlapping rounds', async () => {
      // 20 keys × 5 values each, interleaved so every claim window holds several rows per key.
      await opened.insert(Array.from({ length: 100 }, (_, i) => row('web', `S${i % 20}`, i, T0)));
      const seenIds = new Set<number>();
      for (let round = 0; round < 5; round++) {
        const nowMs = T0 + round * LEASE; // every earlier lease has run out
        const claims = await Promise.all(Array.from({ length: 6 }, () => opened.outbox.claimDue(nowMs, 7, LEASE)));
        const owner = new Map<string, number>();
        claims.forEach((claimed, claimer) => {
          for (const m of claimed) {
            expect(seenIds.has(m.id), `row ${m.id} claimed twice`).toBe(false);
            seenIds.add(m.id);
            const other = owner.get(m.sku);
            expect(other === undefined || other === claimer, `key ${m.sku} in two claims`).toBe(true);
            owner.set(m.sku, claimer);
          }
        });
        // Deliver what was claimed, so later rounds see fresh rows.
        for (const claimed of claims) for (const m of claimed) await opened.outbox.markDelivered(m.id, nowMs, 1);
      }
      expect(seenIds.size).toBeGreaterThan(20);
    });

    it('counts rows by status', async () => {
      const [a, b] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 1, T0), row('web', 'C', 1, T0), row('web', 'C', 2, T0)]);
      await opened.outbox.claimDue(T0, 10, LEASE);
      await opened.outbox.markDelivered(a?.id as number, T0, 0);
      await opened.outbox.markDead(b?.id as number, 'x');
      await opened.outbox.supersedeOlder('web', 'C', Number.MAX_SAFE_INTEGER);
      expect(await opened.outbox.countByStatus()).toEqual({ pending: 0, delivered: 1, dead: 1, superseded: 2 });
    });
  });
}

// The outbox dispatcher on every outbox backend, with a fake clock and a scripted connector: each
// failure mode ends in a retry or a dead letter, coalescing sends only the newest value, rate
// limits hold, a crash mid-push redelivers, and a model-based run checks that the newest wins.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DispatcherOptions, defaultDispatcherOptions, OutboxDispatcher } from '../../../src/app/dispatch-outbox.ts';
import { seededRandom } from '../../../src/app/outbox/seeded-random.ts';
import type { ChannelConnectors, DeliveryResult } from '../../../src/ports/channel-connector.ts';
import type { OutboxRepository } from '../../../src/ports/outbox.ts';
import { type OpenedOutbox, OUTBOX_BACKENDS, availabilityRow as row } from './outbox-backends.ts';
import { connectorsOf, ScriptedConnector } from './scripted-connector.ts';

const T0 = 1_800_000_000_000;
const BASE = defaultDispatcherOptions.backoff.baseMs;

for (const backend of OUTBOX_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`outbox dispatcher on ${backend.name}`, () => {
    let opened: OpenedOutbox;
    let outbox: OutboxRepository;
    let nowMs: number;
    const clock = { now: () => nowMs };
    beforeEach(async () => {
      opened = await backend.open();
      outbox = opened.outbox;
      nowMs = T0;
    });
    afterEach(async () => opened.dispose());

    const dispatcher = (connectors: ChannelConnectors, options: Partial<DispatcherOptions> = {}, repo: OutboxRepository = outbox) =>
      new OutboxDispatcher({ outbox: repo, connectors, clock, random: seededRandom(7) }, options);
    const status = async (id: number | undefined) => outbox.get(id as number);

    it('sends only the newest value per channel and sku, batched per channel, and records latency', async () => {
      const [oldA, newA, b, appA] = await opened.insert([
        row('web', 'A', 5, T0),
        row('web', 'A', 3, T0 + 2),
        row('web', 'B', 2, T0 + 4),
        row('app', 'A', 1, T0),
      ]);
      const web = new ScriptedConnector();
      const app = new ScriptedConnector();
      nowMs = T0 + 10;
      const summary = await dispatcher(connectorsOf({ web: { connector: web }, app: { connector: app } })).tick();
      expect(summary).toMatchObject({ claimed: 4, superseded: 1, pushes: 2, delivered: 3, retried: 0, dead: 0 });
      expect(web.pushes.map((p) => p.updates)).toEqual([
        [
          { sku: 'A', available: 3, idempotencyKey: `omnistock:web:${newA?.id}`, attempts: 0 },
          { sku: 'B', available: 2, idempotencyKey: `omnistock:web:${b?.id}`, attempts: 0 },
        ],
      ]);
      expect(app.shown).toEqual(new Map([['A', 1]]));
      expect((await status(oldA?.id))?.status).toBe('superseded');
      expect(await status(newA?.id)).toMatchObject({ status: 'delivered', deliveredAtMs: T0 + 10, latencyMs: 8 });
      expect((await status(appA?.id))?.latencyMs).toBe(10);
    });

    const failures: [string, DeliveryResult | { throw: string }][] = [
      ['timeout', { kind: 'retryable', reason: 'timeout', message: 'no reply within 10000 ms' }],
      ['5xx', { kind: 'retryable', reason: 'server_error', message: 'HTTP 503' }],
      ['network error', { kind: 'retryable', reason: 'network', message: 'ECONNREFUSED' }],
      ['connector exception', { throw: 'socket hang up' }],
      ['malformed reply', { kind: 'malformed', message: 'not JSON' }],
    ];
    it.each(failures)('a %s becomes a retry with jittered backoff, then delivers', async (_name, failure) => {
      const [a] = await opened.insert([row('web', 'A', 4, T0)]);
      const web = new ScriptedConnector([failure]);
      const d = dispatcher(connectorsOf({ web: { connector: web } }));
      expect(await d.tick()).toMatchObject({ retried: 1, delivered: 0 });
      const after = await status(a?.id);
      expect(after).toMatchObject({ status: 'pending', attempts: 1, leaseUntilMs: 0 });
      expect(after?.lastError).toBeTruthy();
      expect(after?.nextAttemptAtMs).toBeGreaterThanOrEqual(T0);
      expect(after?.nextAttemptAtMs).toBeLessThan(T0 + BASE);
      nowMs = after?.nextAttemptAtMs as number;
      expect(await d.tick()).toMatchObject({ delivered: 1 });
      expect(web.shown.get('A')).toBe(4);
      expect(web.pushes[1]?.updates[0]?.attempts).toBe(1);
    });

    it('honours Retry-After of a 429 and pauses the channel for the rest of the tick', async () => {
      const [a, b] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 2, T0)]);
      const web = new ScriptedConnector([{ kind: 'retryable', reason: 'throttled', message: 'HTTP 429', retryAfterMs: 30_000 }]);
      const d = dispatcher(connectorsOf({ web: { connector: web } }), { pushUpdatesMax: 1 });
      expect(await d.tick()).toMatchObject({ pushes: 1, retried: 1, deferred: 1 });
      expect(await status(a?.id)).toMatchObject({ attempts: 1, nextAttemptAtMs: T0 + 30_000 });
      expect(await status(b?.id)).toMatchObject({ attempts: 0, nextAttemptAtMs: T0 + 30_000 });
      nowMs = T0 + 29_999;
      expect(await d.tick()).toMatchObject({ claimed: 0 });
      nowMs = T0 + 30_000;
      expect(await d.tick()).toMatchObject({ delivered: 2, pushes: 2 });
    });

    it('dead-letters a malformed reply after the bounded number of attempts', async () => {
      const [a] = await opened.insert([row('web', 'A', 1, T0)]);
      const malformed: DeliveryResult = { kind: 'malformed', message: 'reply is not JSON' };
      const web = new ScriptedConnector([malformed, malformed, malformed, malformed]);
      const d = dispatcher(connectorsOf({ web: { connector: web } }));
      for (let i = 0; i < defaultDispatcherOptions.malformedAttemptsMax; i++) {
        nowMs = (await status(a?.id))?.nextAttemptAtMs as number;
        await d.tick();
      }
      expect(await status(a?.id)).toMatchObject({ status: 'dead', attempts: defaultDispatcherOptions.malformedAttemptsMax });
      expect((await status(a?.id))?.lastError).toContain('malformed reply');
      expect(web.pushes).toHaveLength(defaultDispatcherOptions.malformedAttemptsMax);
    });

    it('dead-letters a rejected sku and sends the rest of its batch again at once', async () => {
      const [a, b] = await opened.insert([row('web', 'A', 1, T0), row('web', 'B', 2, T0)]);
      const web = new ScriptedConnector([
        { kind: 'rejected', rejections: [{ sku: 'A', code: 'INVALID_INVENTORY_ITEM', message: 'not found' }], message: 'user errors' },
      ]);
      const d = dispatcher(connectorsOf({ web: { connector: web } }));
      expect(await d.tick()).toMatchObject({ dead: 1, deferred: 1 });
      expect(await status(a?.id)).toMatchObject({ status: 'dead', lastError: 'rejected INVALID_INVENTORY_ITEM: not found' });
      expect(await status(b?.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await d.tick()).toMatchObject({ delivered: 1 });
      expect(web.pushes[1]?.updates.map((u) => u.sku)).toEqual(['B']);
    });

    it('treats a rejection naming none of the pushed skus as malformed, not as a loop', async () => {
      const [a] = await opened.insert([row('web', 'A', 1, T0)]);
      const web = new ScriptedConnector([{ kind: 'rejected', rejections: [{ sku: 'ZZZ', code: 'X', message: '' }], message: 'odd' }]);
      await dispatcher(connectorsOf({ web: { connector: web } })).tick();
      expect(await status(a?.id)).toMatchObject({ status: 'pending', attempts: 1 });
      expect((await status(a?.id))?.lastError).toContain('malformed');
    });

    it('dead-letters after the attempt limit, and an operator retry then delivers', async () => {
      const [a] = await opened.insert([row('web', 'A', 9, T0)]);
      const failing: DeliveryResult = { kind: 'retryable', reason: 'server_error', message: 'HTTP 500' };
      const web = new ScriptedConnector(Array.from({ length: 4 }, () => failing));
      const d = dispatcher(connectorsOf({ web: { connector: web } }), { attemptsMax: 4, malformedAttemptsMax: 2 });
      for (let i = 0; i < 4; i++) {
        nowMs = Math.max(nowMs, (await status(a?.id))?.nextAttemptAtMs as number);
        await d.tick();
      }
      expect(await status(a?.id)).toMatchObject({ status: 'dead', attempts: 4 });
      expect((await outbox.list({ status: 'dead' }, { cursor: null, limit: 10 })).items.map((m) => m.id)).toEqual([a?.id]);
      expect(await outbox.retry(a?.id as number, nowMs)).toBe('pending');
      expect(await d.tick()).toMatchObject({ delivered: 1 });
      expect(web.shown.get('A')).toBe(9);
    });

    it('never sends an older value after a newer one was delivered: a newer row supersedes a dead letter', async () => {
      const [old] = await opened.insert([row('web', 'A', 1, T0)]);
      const web = new ScriptedConnector([{ kind: 'rejected', rejections: [{ sku: 'A', code: 'X', message: '' }], message: '' }]);
      const d = dispatcher(connectorsOf({ web: { connector: web } }));
      await d.tick();
      expect((await status(old?.id))?.status).toBe('dead');
      const [newer] = await opened.insert([row('web', 'A', 2, T0 + 1)]);
      nowMs = T0 + 1;
      await d.tick();
      expect((await status(old?.id))?.status).toBe('superseded');
      expect((await status(newer?.id))?.status).toBe('delivered');
      expect(await outbox.retry(old?.id as number, nowMs)).toBe('not_dead');
      expect(web.shown.get('A')).toBe(2);
    });

    it('keeps each channel within its rate limit and defers the rest until a token is due', async () => {
      await opened.insert(Array.from({ length: 10 }, (_, i) => row('web', `S${i}`, i, T0)));
      const web = new ScriptedConnector([], clock.now);
      const d = dispatcher(connectorsOf({ web: { connector: web, rateLimit: { requestsPerSecond: 2, burst: 2 } } }), { pushUpdatesMax: 1 });
      expect(await d.tick()).toMatchObject({ pushes: 2, delivered: 2, deferred: 8 });
      const deferred = (await outbox.list({ status: 'pending' }, { cursor: null, limit: 100 })).items;
      expect(new Set(deferred.map((m) => m.nextAttemptAtMs))).toEqual(new Set([T0 + 500]));
      for (let step = 1; step <= 60 && web.shown.size < 10; step++) {
        nowMs = T0 + step * 100;
        await d.tick();
      }
      expect(web.shown.size).toBe(10);
      // Token bucket: at most burst + rate × elapsed requests in any prefix of time.
      for (const p of web.pushes) {
        const sent = web.pushes.filter((q) => q.atMs <= p.atMs).length;
        expect(sent).toBeLessThanOrEqual(2 + Math.floor(((p.atMs - T0) * 2) / 1000));
      }
      expect(web.pushes.at(-1)?.atMs).toBe(T0 + 4_000);
    });

    it('redelivers with the same idempotency key after a crash between push and bookkeeping', async () => {
      const [a] = await opened.insert([row('web', 'A', 6, T0)]);
      let crashes = 1;
      const crashing: OutboxRepository = new Proxy(outbox, {
        get(target, prop, receiver) {
          if (prop === 'markDeliveredMany' && crashes > 0) {
            return async () => {
              crashes--;
              throw new Error('process killed');
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const web = new ScriptedConnector();
      await expect(dispatcher(connectorsOf({ web: { connector: web } }), {}, crashing).tick()).rejects.toThrow('process killed');
      const restarted = dispatcher(connectorsOf({ web: { connector: web } }));
      nowMs = T0 + 1_000;
      expect(await restarted.tick()).toMatchObject({ claimed: 0 }); // still leased by the dead process
      nowMs = T0 + defaultDispatcherOptions.leaseMs;
      expect(await restarted.tick()).toMatchObject({ delivered: 1 });
      expect(web.acknowledgedKeys.get('A')).toEqual([`omnistock:web:${a?.id}`, `omnistock:web:${a?.id}`]);
      expect(await status(a?.id)).toMatchObject({ status: 'delivered', attempts: 0 });
    });

    it('dead-letters rows of a channel without a feed, visibly', async () => {
      const [a] = await opened.insert([row('pos', 'A', 1, T0)]);
      expect(await dispatcher(connectorsOf({})).tick()).toMatchObject({ dead: 1 });
      expect(await status(a?.id)).toMatchObject({ status: 'dead', lastError: 'no feed is configured for channel pos' });
    });

    it('model: under random failures every update ends delivered, superseded or dead, and the newest value wins', async () => {
      const outcome = fc.constantFrom<DeliveryResult | { throw: string } | 'reject-first'>(
        { kind: 'delivered' },
        { kind: 'delivered' },
        { kind: 'retryable', reason: 'timeout', message: 't' },
        { kind: 'retryable', reason: 'server_error', message: '5xx' },
        { kind: 'retryable', reason: 'throttled', message: '429', retryAfterMs: 2_000 },
        { kind: 'malformed', message: 'm' },
        { throw: 'boom' },
        'reject-first',
      );
      const command = fc.oneof(
        fc.record({ op: fc.constant('insert' as const), sku: fc.constantFrom('A', 'B', 'C'), value: fc.nat(50) }),
        fc.record({ op: fc.constant('tick' as const), outcome, advanceMs: fc.nat(5_000) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(command, { maxLength: 40 }), async (commands) => {
          const fresh = await backend.open();
          try {
            nowMs = T0;
            const web = new ScriptedConnector([], clock.now);
            const d = new OutboxDispatcher(
              { outbox: fresh.outbox, connectors: connectorsOf({ web: { connector: web } }), clock, random: seededRandom(1) },
              { pushUpdatesMax: 2 },
            );
            for (const c of commands) {
              if (c.op === 'insert') await fresh.insert([row('web', c.sku, c.value, nowMs)]);
              else {
                nowMs += c.advanceMs;
                web.then(
                  c.outcome === 'reject-first'
                    ? (u) => ({ kind: 'rejected', rejections: [{ sku: u[0]?.sku ?? '', code: 'X', message: '' }], message: '' })
                    : c.outcome,
                );
                await d.tick();
              }
            }
            // Drain: the channel recovers; time moves past every backoff.
            for (let i = 0; i < 100; i++) {
              nowMs += defaultDispatcherOptions.backoff.capMs;
              const s = await d.tick();
              if (s.claimed === 0 && (await fresh.outbox.list({ status: 'pending' }, { cursor: null, limit: 1 })).items.length === 0) break;
            }
            const rows = (await fresh.outbox.list({}, { cursor: null, limit: 1_000 })).items;
            expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
            for (const sku of ['A', 'B', 'C']) {
              const mine = rows.filter((r) => r.sku === sku);
              const newest = mine.at(-1);
              if (newest === undefined) continue;
              expect(newest.status === 'delivered' || newest.status === 'dead').toBe(true);
              if (newest.status === 'delivered') expect(web.shown.get(sku)).toBe(newest.payload.available);
              // Acknowledged rows of one SKU arrive in id order: an older value never overtakes.
              const ids = (web.acknowledgedKeys.get(sku) ?? []).map((k) => Number(k.split(':').at(-1)));
              expect([...ids].sort((x, y) => x - y)).toEqual(ids);
            }
          } finally {
            await fresh.dispose();
          }
        }),
        { numRuns: 150, seed: 20_260_101 },
      );
    });
  });
}

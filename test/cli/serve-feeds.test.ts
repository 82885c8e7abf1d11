// `omnistock serve --feeds` as a real process: an outbox row written to its database is pushed to a
// local webhook receiver (signed), shows as delivered and in /metrics; a bad feeds file or an unset
// secret variable stops serve with a message naming the path and the field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/adapters/channel-webhook/webhook-signature.ts';
import { SqliteOutboxStatements } from '../../src/adapters/store-sqlite/sqlite-outbox.ts';
import { serveOptions } from '../../src/cli/serve-command.ts';
import { availabilityRow } from '../contract/outbox/outbox-backends.ts';
import { runOmnistock, startServe } from './omnistock-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnistock-serve-feeds-'));
const receivers: Server[] = [];
afterAll(async () => {
  for (const r of receivers) await new Promise((resolve) => r.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const ADMIN = 'osk_serve_feeds_test_admin_secret_0123456789';
const SECRET = 'feed-secret';

/** A webhook receiver that records every request body with its signature check. */
async function startReceiver(): Promise<{ url: string; received: { body: string; signed: boolean }[] }> {
  const received: { body: string; signed: boolean }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ body, signed: verifySignature(body, SECRET, req.headers['x-omnistock-signature'] as string | undefined) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const feedsFile = (name: string, url: string, secretEnv = 'WEB_FEED_SECRET'): string => {
  const path = join(dir, name);
  writeFileSync(path, `feeds:\n  web:\n    type: webhook\n    url: ${url}\n    secretEnv: ${secretEnv}\n    requestsPerSecond: 10\n`);
  return path;
};

describe('omnistock serve --feeds', () => {
  it('takes --feeds over OMNISTOCK_FEEDS, and has no feeds file without either', () => {
    expect(serveOptions({ demo: false, feeds: 'a.yaml' }, { OMNISTOCK_FEEDS: 'b.yaml' }).feedsFile).toBe('a.yaml');
    expect(serveOptions({ demo: false }, { OMNISTOCK_FEEDS: 'b.yaml' }).feedsFile).toBe('b.yaml');
    expect(serveOptions({ demo: false }, {}).feedsFile).toBeUndefined();
  });

  it('pushes an outbox row to the configured webhook, signed, and records it delivered', async () => {
    const receiver = await startReceiver();
    const db = join(dir, 'push.sqlite');
    const server = await startServe(['--no-demo', '--feeds', feedsFile('push.yaml', receiver.url)], {
      OMNISTOCK_DATABASE_URL: `sqlite:${db}`,
      OMNISTOCK_ADMIN_KEY: ADMIN,
      WEB_FEED_SECRET: SECRET,
    });
    try {
      const writer = new Database(db);
      writer.pragma('busy_timeout = 5000');
      const [id] = writer.transaction(() => new SqliteOutboxStatements(writer).write([availabilityRow('web', 'SKU-1', 7, Date.now())]))();
      writer.close();
      const deadline = Date.now() + 10_000;
      while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]?.signed).toBe(true);
      expect(JSON.parse(receiver.received[0]?.body ?? '{}').updates).toEqual([
        { sku: 'SKU-1', available: 7, channel: 'web', idempotencyKey: `omnistock:web:${id}` },
      ]);

      const auth = { headers: { authorization: `Bearer ${ADMIN}` } };
      let row: { status: string } = { status: 'pending' };
      while (row.status === 'pending' && Date.now() < deadline)
        row = (await (await fetch(`${server.address}/v1/outbox/${id}`, auth)).json()) as { status: string };
      expect(row.status).toBe('delivered');
      const metrics = await (await fetch(`${server.address}/metrics`)).text();
      expect(metrics).toContain('omnistock_channel_push_latency_seconds_count{channel="web"} 1');
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  });

  it('pushes the new availability to the web channel within seconds of an event posted over HTTP (end to end)', async () => {
    const receiver = await startReceiver();
    const server = await startServe(['--no-demo', '--feeds', feedsFile('e2e.yaml', receiver.url)], {
      OMNISTOCK_DATABASE_URL: `sqlite:${join(dir, 'e2e.sqlite')}`,
      OMNISTOCK_ADMIN_KEY: ADMIN,
      WEB_FEED_SECRET: SECRET,
    });
    try {
      const call = (method: string, path: string, body: unknown) =>
        fetch(`${server.address}${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await call('PUT', '/v1/items/TENT-1', { name: 'Tent', category: 'camping', unitCost: 50, unitPrice: 120 })).status).toBe(200);
      const node = { type: 'store', name: 'Leeds', region: 'north', latitude: 53.8, longitude: -1.55, capacityPerDay: 50, fulfils: ['ship', 'pickup'] };
      expect((await call('PUT', '/v1/nodes/LEEDS', node)).status).toBe(200);
      expect((await call('PUT', '/v1/channels/web', { type: 'web', name: 'Web shop', priority: 1, marginTier: 'high', nodes: ['LEEDS'] })).status).toBe(200);
      const event = {
        specversion: '1.0',
        id: 'e2e-1',
        source: 'test/wms',
        type: 'wms.receipt',
        time: new Date().toISOString(),
        data: { sku: 'TENT-1', node: 'LEEDS', qty: 9 },
      };
      const verdicts = (await (await call('POST', '/v1/events', event)).json()) as { results: { status: string }[] };
      expect(verdicts.results[0]?.status).toBe('accepted');
      const deadline = Date.now() + 10_000;
      const pushed = () =>
        receiver.received.flatMap((r) => JSON.parse(r.body).updates as { sku: string; available: number }[]).filter((u) => u.sku === 'TENT-1');
      while (pushed().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(pushed().at(-1)).toMatchObject({ sku: 'TENT-1', available: 9, channel: 'web' });
      expect(receiver.received.every((r) => r.signed)).toBe(true);
      const stats = (await (await fetch(`${server.address}/v1/stats`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as {
        channelPush: { count: number };
      };
      expect(stats.channelPush.count).toBeGreaterThanOrEqual(1);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  });

  it('stops with the path and the field when the feeds file is wrong or a secret variable is unset', async () => {
    const env = { OMNISTOCK_DATABASE_URL: `sqlite:${join(dir, 'bad.sqlite')}`, WEB_FEED_SECRET: SECRET };
    const badUrl = feedsFile('bad-url.yaml', 'not-a-url');
    const bad = await runOmnistock(['serve', '--no-demo', '--port', '0', '--feeds', badUrl], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(badUrl);
    expect(bad.stderr).toContain('feeds.web.url');

    const unset = feedsFile('unset.yaml', 'http://127.0.0.1:9/hook', 'NO_SUCH_SECRET_VARIABLE');
    const missing = await runOmnistock(['serve', '--no-demo', '--port', '0'], { ...env, OMNISTOCK_FEEDS: unset });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('feeds.web.secretEnv: the environment variable NO_SUCH_SECRET_VARIABLE is not set');
  });
});

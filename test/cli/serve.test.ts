// `omnistock serve` as a real process on a temp SQLite file: first start loads the demo and prints
// a bootstrap key that works on /v1; SIGTERM shuts down cleanly; a restart neither re-seeds nor
// prints a new key; --no-demo starts empty; OMNISTOCK_ADMIN_KEY chooses the admin secret; a postgres:// URL serves from PostgreSQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase, postgresBackend } from '../support/stores.ts';
import { runOmnistock, type ServeProcess, startServe } from './omnistock-process.ts';

const dirs: string[] = [];
const running: ServeProcess[] = [];
const tempDatabase = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-serve-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'omnistock.sqlite')}`;
};
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const server = await startServe(args, env);
  running.push(server);
  return server;
}

const get = (server: ServeProcess, path: string, key?: string) => fetch(`${server.address}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe('omnistock serve', () => {
  it('starts on a new database with the demo, prints a working bootstrap key once, and stops on SIGTERM', async () => {
    const url = tempDatabase();
    const first = await serve([], { OMNISTOCK_DATABASE_URL: url });
    expect(first.output()).toMatch(/"file":"[^"]*demo\/policy\.yaml","outcome":"loaded"/);
    const key = /^ {4}(osk_[\w-]+)$/m.exec(first.output())?.[1];
    expect(key).toBeDefined();

    const items = await get(first, '/v1/items?limit=100', key);
    expect(items.status).toBe(200);
    const body = (await items.json()) as { items: { sku: string }[] };
    expect(body.items.length).toBeGreaterThanOrEqual(24);
    expect((await get(first, '/v1/items')).status).toBe(401);
    const positions = (await (await get(first, '/v1/positions/TENT-2P-GRN', key)).json()) as { totals: { available: number } };
    expect(positions.totals.available).toBeGreaterThan(0); // the opening stock

    first.child.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/"msg":"stopped"/);

    const second = await serve([], { OMNISTOCK_DATABASE_URL: url });
    expect(second.output()).not.toMatch(/osk_/);
    expect(second.output()).not.toMatch(/loaded the demo retailer/);
    expect((await get(second, '/v1/items?limit=1', key)).status).toBe(200);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  });

  it('starts empty with --no-demo and takes the admin secret from OMNISTOCK_ADMIN_KEY', async () => {
    const server = await serve(['--no-demo'], { OMNISTOCK_DATABASE_URL: tempDatabase(), OMNISTOCK_ADMIN_KEY: 'test-admin-secret-0123456789' });
    expect(server.output()).not.toMatch(/osk_/);
    const items = await get(server, '/v1/items', 'test-admin-secret-0123456789');
    expect(items.status).toBe(200);
    expect(await items.json()).toEqual({ items: [], nextCursor: null });
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it.skipIf(postgresBackend.skipReason !== null)('serves from PostgreSQL when OMNISTOCK_DATABASE_URL is a postgres:// URL', async () => {
    const scratch = await createScratchPostgresDatabase();
    try {
      const server = await serve([], { OMNISTOCK_DATABASE_URL: scratch.url, OMNISTOCK_ADMIN_KEY: 'pg-admin-secret-0123456789' });
      expect(await (await get(server, '/health')).json()).toMatchObject({ store: 'postgres' });
      const positions = (await (await get(server, '/v1/positions/TENT-2P-GRN', 'pg-admin-secret-0123456789')).json()) as { totals: { available: number } };
      expect(positions.totals.available).toBeGreaterThan(0);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      await scratch.drop();
    }
  });

  it('refuses to start with a broken policy file, naming the file and what to do', async () => {
    const url = tempDatabase();
    const policy = join(url.slice('sqlite:'.length, -'omnistock.sqlite'.length), 'policy.yaml');
    writeFileSync(policy, 'version: one\n');
    const run = await runOmnistock(['serve', '--port', '0', '--policy', policy], { OMNISTOCK_DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: the policy file ${policy} is invalid`);
    expect(run.stderr).toMatch(/next: fix the policy file/);
  });
});

// `omnistock demo` as a real process (node bin/omnistock.js): it prints the banner and status
// lines, serves the API, and Ctrl-C (SIGINT) stops the traffic, then the server, with exit 0; plus
// how the command reads its options (the parsing is pure, tested without a server).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoOptions } from '../../src/cli/demo-command.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { CapturedOutput, runAgainst } from './cli-harness.ts';
import { BIN, childEnv, runOmnistock } from './omnistock-process.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDatabase = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-demo-process-'));
  dirs.push(dir);
  return join(dir, 'demo.sqlite');
};

const KEY = 'demo-process-admin-key-0123456789';

describe('omnistock demo (process)', () => {
  it('serves live traffic and stops gracefully on SIGINT, exit 0', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'demo', '--port', '0', '--host', '127.0.0.1', '--speed', '3600', '--skus', '20', '--stores', '4', '--database', `sqlite:${tempDatabase()}`],
      { env: childEnv({ OMNISTOCK_ADMIN_KEY: KEY, OMNISTOCK_SQLITE_SYNCHRONOUS: 'normal' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      let address: string | undefined;
      while (address === undefined && Date.now() < deadline && child.exitCode === null) {
        address = /Watch it change[\s\S]*?'(http:\/\/127\.0\.0\.1:\d+)\/v1\/availability/.exec(stdout)?.[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(address, `${stdout}\n${stderr}`).toBeDefined();
      expect(stdout).toContain('omnistock demo: fashion-weekend, played live (run 1');
      // Orders placed by the simulated channels show in the stats' ledger-backed numbers within a couple of wall seconds.
      let allocated = 0;
      for (let i = 0; i < 50 && allocated === 0; i++) {
        const position = (await (await fetch(`${address}/v1/positions/SKU-00001`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as {
          totals: { allocated: number; reserved: number };
        };
        allocated = position.totals.allocated;
        if (allocated === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(allocated).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"msg":"shutting down: finishing in-flight requests and commits"/);
    expect(stdout).toMatch(/"msg":"stopped"/);
    expect(stderr).not.toMatch(/error/i);
  });

  it('refuses a PostgreSQL --database: the demo is the embedded quick start', async () => {
    const run = await runOmnistock(['demo', '--port', '0', '--database', 'postgres://demo@localhost:5432/demo'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: omnistock demo runs on an SQLite file\nnext: pass --database sqlite:PATH/m);
  });
});

describe('demo options', () => {
  it('defaults to an hour per minute on port 8080 of every interface, the demo database, and the sizes of the database', async () => {
    const demos: unknown[] = [];
    const ctx = { withStore: () => Promise.reject(new Error('no store')), serve: async () => undefined, demo: async (o: unknown) => void demos.push(o) };
    expect(await runCli(['demo'], { ...ctx, clock: { now: () => 0 }, env: {}, stdout: new CapturedOutput(), stderr: new CapturedOutput() })).toBe(0);
    expect(demos).toEqual([
      {
        port: 8080,
        host: '0.0.0.0',
        speed: 60,
        skus: null,
        stores: null,
        seed: null,
        database: null,
        reset: false,
      },
    ]);
  });

  it('takes --port over PORT, the sizes, the seed, --database and --reset', () => {
    const flags = { port: '9000', host: '127.0.0.1', speed: '60', skus: '50', stores: '8', seed: '7', database: 'sqlite:/tmp/x.sqlite', reset: true };
    expect(demoOptions(flags, { PORT: '7000' })).toEqual({
      port: 9000,
      host: '127.0.0.1',
      speed: 60,
      skus: 50,
      stores: 8,
      seed: 7,
      database: 'sqlite:/tmp/x.sqlite',
      reset: true,
    });
    expect(demoOptions({ host: 'h', speed: '2.5' }, { PORT: '7000' }).port).toBe(7000);
  });

  it('rejects a speed out of [1, 3600] and sizes that are not positive integers, before anything starts', async () => {
    const noStore = {} as Parameters<typeof runAgainst>[0];
    for (const [args, message] of [
      [['--speed', '0'], /--speed must be a number from 1 \(real time\) to 3600/],
      [['--speed', '7200'], /--speed must be a number from 1/],
      [['--speed', 'fast'], /--speed must be a number from 1/],
      [['--skus', '0'], /--skus must be a positive integer/],
      [['--stores', '2.5'], /--stores must be a positive integer/],
    ] as const) {
      const run = await runAgainst(noStore, ['demo', ...args]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
    }
  });
});

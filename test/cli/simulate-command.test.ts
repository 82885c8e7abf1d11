// Goal: `omnistock simulate` end to end through the CLI: --json prints exactly the issue's fields per
// run, --compare makes three runs, --report writes a self-contained HTML file, and bad options are
// refused with a message naming the option and what to do. Method: runCli in-process with the real
// scratch-SQLite simulation engine on a tiny fashion-weekend (12 SKUs, 4 stores).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';
import { CapturedOutput } from './cli-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnistock-simulate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function simulateCli(args: string[], env: Record<string, string> = {}) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const ctx: CliContext = {
    withStore: () => Promise.reject(new Error('simulate must not open the configured store')),
    serve: () => Promise.reject(new Error('not serving')),
    openSimulationEngine,
    clock: { now: () => Date.now() },
    env,
    stdout,
    stderr,
  };
  const code = await runCli(['simulate', ...args], ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const TINY = ['--skus', '12', '--stores', '4', '--seed', '3'];
const ISSUE_FIELDS = [
  'sync',
  'ordersAccepted',
  'oversoldUnits',
  'cancellations',
  'fillRate',
  'lostSales',
  'latencyMsP50',
  'latencyMsP99',
  'returnToStockHoursMedian',
  'casesOpened',
  'casesAutoResolved',
  'avgInventoryValue',
  'eventsProcessed',
  'wallSeconds',
];

describe('omnistock simulate (CLI)', () => {
  it('prints the issue’s JSON fields for each of the three --compare runs and writes the HTML report', async () => {
    const report = join(dir, 'out.html');
    const run = await simulateCli([...TINY, '--compare', '--json', '--report', report]);
    expect(run.stderr).toContain(`report written to ${report}`);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { scenario: string; seed: number; runs: Record<string, unknown>[] };
    expect(doc.scenario).toBe('fashion-weekend');
    expect(doc.seed).toBe(3);
    expect(doc.runs.map((r) => [r.sync, r.exposureBuffers])).toEqual([
      ['event', true],
      ['event', false],
      ['batch', true],
    ]);
    for (const r of doc.runs) for (const field of ISSUE_FIELDS) expect(r).toHaveProperty(field);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const label of ['event', 'event, no buffers', 'batch 15m']) expect(html).toContain(`>${label}<`);
  }, 120_000);

  it('prints the outcome table with one column per run', async () => {
    const run = await simulateCli([...TINY, '--sync', 'batch', '--interval', '30m', '--no-buffers']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^scenario fashion-weekend, seed 3, 12 SKUs, 4 stores, in-process, scratch SQLite\n/);
    expect(run.stdout).toMatch(/outcome\s+batch 30m, no buffers\n/);
    expect(run.stdout).toMatch(/\noversoldUnits\s+\d+\n/);
  }, 60_000);

  it.each([
    [['--interval', '15 minutes'], '--interval must look like 15m, 1h or 90s'],
    [['--sync', 'nightly'], '--sync must be event or batch'],
    [['--skus', '0'], '--skus must be a positive integer'],
    [['--url', 'http://127.0.0.1:9'], '--url needs an API key'],
    [['--url', 'http://127.0.0.1:9', '--api-key', 'k', '--compare'], '--compare cannot run against --url'],
    [['--scenario', 'no-such-scenario'], 'cannot read the scenario file'],
    [['--database', 'mysql://x'], '--database must be a postgres:// URL'],
    [['--database', 'postgres://127.0.0.1/x', '--url', 'http://127.0.0.1:9'], '--database and --url exclude each other'],
  ])('refuses %j with a message naming the problem', async (args, message) => {
    const run = await simulateCli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(message);
  });

  it('names every invalid field of a scenario file', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: Bad Name\ndescription: x\n');
    const run = await simulateCli(['--scenario', file]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('name: name is kebab-case');
    expect(run.stderr).toContain('start:');
  });
});

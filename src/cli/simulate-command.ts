import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadScenarioFile } from '../app/simulation/load-scenario-file.ts';
import { type RunPlan, type SimulationResult, simulate } from '../app/simulation/simulate.ts';
import type { RunOutcome, SyncMode } from '../core/simulation/simulation-outcome.ts';
import type { OpenSimulationTarget } from '../ports/simulation-target.ts';
import { loadChartJsSource } from './chart-js-source.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { progressBar } from './progress-bar.ts';
import { renderSimulationReport } from './render-simulation-report.ts';

/** The scenarios shipped with the package (scenarios/*.yaml); a name not ending in .yaml is looked up here. */
export const SCENARIOS_URL = new URL('../../scenarios/', import.meta.url);
const SCENARIO_NAMES = ['fashion-weekend', 'bopis-discrepancy', 'electronics-returns'];

type SimulateOptions = {
  scenario: string;
  seed: string;
  skus?: string;
  stores?: string;
  sync: string;
  interval: string;
  buffers: boolean;
  compare?: boolean;
  json?: boolean;
  report?: string;
  url?: string;
  apiKey?: string;
  database?: string;
};

const positiveInt = (value: string, flag: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
};

/** `15m`, `1h`, `90s` → ms. */
export function parseInterval(text: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(text);
  if (m === null || Number(m[1]) === 0) throw new CliError(`--interval must look like 15m, 1h or 90s, got ${JSON.stringify(text)}`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

/** The runs to make: `--compare` runs event, event without exposure buffers, and batch. */
function runPlans(o: SimulateOptions): RunPlan[] {
  const batch: SyncMode = { kind: 'batch', intervalMs: parseInterval(o.interval) };
  if (o.compare) {
    return [
      { sync: { kind: 'event' }, exposureBuffers: true },
      { sync: { kind: 'event' }, exposureBuffers: false },
      { sync: batch, exposureBuffers: true },
    ];
  }
  if (o.sync === 'event') return [{ sync: { kind: 'event' }, exposureBuffers: o.buffers }];
  if (o.sync === 'batch') return [{ sync: batch, exposureBuffers: o.buffers }];
  throw new CliError(`--sync must be event or batch, got ${JSON.stringify(o.sync)}`);
}

/** The outcome table: one column per run. */
export function printOutcomeTable(result: SimulationResult, out: CliOutput): void {
  const { report, details } = result;
  out.write(`scenario ${report.scenario}, seed ${report.seed}, ${result.scenario.skus} SKUs, ${result.scenario.stores} stores, ${result.target}\n`);
  const keys = Object.keys(report.runs[0] ?? {}).filter((k) => k !== 'sync' && k !== 'exposureBuffers') as (keyof RunOutcome)[];
  const cell = (v: unknown) => (v === null ? '—' : String(v));
  const header = ['outcome', ...details.map((d) => d.label)];
  const rows = keys.map((k) => [k, ...report.runs.map((r) => cell(r[k]))]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows]) out.write(`${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}\n`);
  for (const d of details) {
    if (d.cancellations.length === 0) continue;
    const byCause = new Map<string, number>();
    for (const c of d.cancellations) for (const cause of c.causes) byCause.set(cause, (byCause.get(cause) ?? 0) + c.units);
    out.write(`${d.label}: oversold units by cause: ${[...byCause].map(([c, n]) => `${c} ${n}`).join(', ')}\n`);
  }
}

/** The target to run against: in-process on a scratch store, or a server with `--url`. */
function targetOf(o: SimulateOptions, ctx: CliContext): OpenSimulationTarget {
  if (o.database !== undefined) {
    if (o.url !== undefined)
      throw new CliError('--database and --url exclude each other', '--database runs the engine in-process; --url drives a running server');
    if (!/^postgres(ql)?:\/\//.test(o.database)) throw new CliError(`--database must be a postgres:// URL, got ${JSON.stringify(o.database)}`);
    if (ctx.openPostgresSimulationEngine === undefined) throw new CliError('this build has no PostgreSQL simulation engine wired');
    return ctx.openPostgresSimulationEngine(o.database);
  }
  if (o.url === undefined) {
    if (ctx.openSimulationEngine === undefined) throw new CliError('this build has no simulation engine wired');
    return ctx.openSimulationEngine;
  }
  if (o.compare) {
    throw new CliError(
      '--compare cannot run against --url',
      'each run needs an empty ledger: start a fresh server per run and pass --sync event, --sync batch or --no-buffers to each',
    );
  }
  const apiKey = o.apiKey ?? ctx.env.OMNISTOCK_API_KEY;
  if (apiKey === undefined || apiKey === '')
    throw new CliError('--url needs an API key', 'pass --api-key KEY or set OMNISTOCK_API_KEY (create one with `omnistock keys create`)');
  if (ctx.openHttpSimulationTarget === undefined) throw new CliError('this build has no HTTP simulation target wired');
  return ctx.openHttpSimulationTarget(o.url, apiKey);
}

/**
 * `omnistock simulate [--scenario fashion-weekend] [--seed N] [--skus N] [--sync event|batch]
 * [--interval 15m] [--no-buffers] [--compare] [--json] [--report out.html] [--url URL]`: runs a
 * scenario in simulated time through the real engine on a scratch store, or against a running
 * server (docs/simulator.md); the configured database is never touched.
 */
export function registerSimulateCommand(program: Command, ctx: CliContext): void {
  program
    .command('simulate')
    .description('run a scenario in simulated time, event-driven and/or against a batch-sync baseline')
    .option('--scenario <name|file.yaml>', `a scenario name (${SCENARIO_NAMES.join(', ')}), or a scenario file`, 'fashion-weekend')
    .option('--seed <n>', 'the seed: the same seed gives the same outcomes', '1')
    .option('--skus <n>', 'SKUs (default: the scenario’s; demand scales with it)')
    .option('--stores <n>', 'stores (default: the scenario’s)')
    .option('--sync <mode>', 'event (Omnistock) or batch (periodic snapshots)', 'event')
    .option('--interval <duration>', 'batch snapshot interval', '15m')
    .option('--no-buffers', 'remove the policy’s exposure buffers (safety stock, node buffers, minimums)')
    .option('--compare', 'run event, event without exposure buffers, and batch over the same demand and faults')
    .option('--json', 'print the outcomes as JSON')
    .option('--report <file.html>', 'write a self-contained HTML report with charts')
    .option('--url <url>', 'drive a running Omnistock server over HTTP instead of an in-process engine')
    .option('--api-key <key>', 'API key for --url (default: OMNISTOCK_API_KEY)')
    .option('--database <postgres-url>', 'run the in-process engine on PostgreSQL: a scratch database per run is created on this server and dropped after it')
    .action(async (o: SimulateOptions) => {
      const openTarget = targetOf(o, ctx);
      const path = o.scenario.endsWith('.yaml') ? o.scenario : new URL(`${o.scenario}.yaml`, SCENARIOS_URL).pathname;
      const scenario = await loadScenarioFile(path);
      if (!scenario.ok) throw new CliError(scenario.error, 'see docs/simulator.md for the scenario format');
      const bar = progressBar(ctx.stderr);
      let current: string | null = null;
      const result = await simulate({
        scenario: scenario.value,
        seed: positiveInt(o.seed, '--seed'),
        overrides: {
          skus: o.skus === undefined ? undefined : positiveInt(o.skus, '--skus'),
          stores: o.stores === undefined ? undefined : positiveInt(o.stores, '--stores'),
        },
        runs: runPlans(o),
        openTarget,
        wallNowMs: () => Date.now(),
        onProgress: (label, done, total) => {
          if (current !== label) {
            if (current !== null) bar.stop();
            bar.start(total, `${label.padEnd(17)} `, ' happenings');
            current = label;
          }
          if (done % 100 === 0 || done === total) bar.update(done);
        },
      });
      bar.stop();
      if (o.report !== undefined) {
        await writeFile(o.report, renderSimulationReport(result, await loadChartJsSource()));
        ctx.stderr.write(`report written to ${o.report}\n`);
      }
      if (o.json) ctx.stdout.write(`${JSON.stringify(result.report)}\n`);
      else printOutcomeTable(result, ctx.stdout);
    });
}

import type { Command } from 'commander';
import { loadScenarioFile } from '../app/simulation/load-scenario-file.ts';
import { type SimulationReport, simulate } from '../app/simulation/simulate.ts';
import type { SyncMode } from '../core/simulation/simulation-outcome.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { progressBar } from './progress-bar.ts';

/** The scenarios shipped with the package (scenarios/*.yaml); a name not ending in .yaml is looked up here. */
export const SCENARIOS_URL = new URL('../../scenarios/', import.meta.url);

type SimulateOptions = { scenario: string; seed: string; skus?: string; stores?: string; sync: string; interval: string; compare?: boolean; json?: boolean };

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

function syncModes(o: SimulateOptions): SyncMode[] {
  const batch: SyncMode = { kind: 'batch', intervalMs: parseInterval(o.interval) };
  if (o.compare) return [{ kind: 'event' }, batch];
  if (o.sync === 'event') return [{ kind: 'event' }];
  if (o.sync === 'batch') return [batch];
  throw new CliError(`--sync must be event or batch, got ${JSON.stringify(o.sync)}`);
}

/** The outcome table: one column per run. */
export function printOutcomeTable(report: SimulationReport, out: CliOutput): void {
  out.write(`scenario ${report.scenario}, seed ${report.seed}\n`);
  const keys = Object.keys(report.runs[0] ?? {}).filter((k) => k !== 'sync') as (keyof SimulationReport['runs'][number])[];
  const cell = (v: unknown) => (v === null ? '—' : String(v));
  const header = ['outcome', ...report.runs.map((r) => r.sync)];
  const rows = keys.map((k) => [k, ...report.runs.map((r) => cell(r[k]))]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows]) out.write(`${row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}\n`);
}

/**
 * `omnistock simulate [--scenario fashion-weekend] [--seed N] [--skus N] [--sync event|batch]
 * [--interval 15m] [--compare] [--json]`: runs a scenario in simulated time through the real engine
 * on a scratch store (docs/simulator.md); the configured database is never touched.
 */
export function registerSimulateCommand(program: Command, ctx: CliContext): void {
  program
    .command('simulate')
    .description('run a scenario in simulated time, event-driven and/or against a batch-sync baseline')
    .option('--scenario <name|file.yaml>', 'a scenario name from scenarios/, or a scenario file', 'fashion-weekend')
    .option('--seed <n>', 'the seed: the same seed gives the same outcomes', '1')
    .option('--skus <n>', 'SKUs (default: the scenario’s; demand scales with it)')
    .option('--stores <n>', 'stores (default: the scenario’s)')
    .option('--sync <mode>', 'event (Omnistock) or batch (periodic snapshots)', 'event')
    .option('--interval <duration>', 'batch snapshot interval', '15m')
    .option('--compare', 'run both modes over the same demand and faults')
    .option('--json', 'print the outcomes as JSON')
    .action(async (o: SimulateOptions) => {
      const open = ctx.openSimulationEngine;
      if (open === undefined) throw new CliError('this build has no simulation engine wired');
      const path = o.scenario.endsWith('.yaml') ? o.scenario : new URL(`${o.scenario}.yaml`, SCENARIOS_URL).pathname;
      const scenario = await loadScenarioFile(path);
      if (!scenario.ok) throw new CliError(scenario.error, 'see docs/simulator.md for the scenario format');
      const bar = progressBar(ctx.stderr);
      let current: string | null = null;
      const report = await simulate({
        scenario: scenario.value,
        seed: positiveInt(o.seed, '--seed'),
        overrides: {
          skus: o.skus === undefined ? undefined : positiveInt(o.skus, '--skus'),
          stores: o.stores === undefined ? undefined : positiveInt(o.stores, '--stores'),
        },
        syncs: syncModes(o),
        openEngine: open,
        wallNowMs: () => Date.now(),
        onProgress: (sync, done, total) => {
          if (current !== sync.kind) {
            if (current !== null) bar.stop();
            bar.start(total, `${sync.kind.padEnd(5)} `, ' happenings');
            current = sync.kind;
          }
          if (done % 100 === 0 || done === total) bar.update(done);
        },
      });
      bar.stop();
      if (o.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
      else printOutcomeTable(report, ctx.stdout);
    });
}

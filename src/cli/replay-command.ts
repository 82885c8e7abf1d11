import type { Command } from 'commander';
import type { Clock } from '../ports/clock.ts';
import type { ProjectionDifference, Store } from '../ports/store.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';

/** Differences of a report beyond this are counted, not listed: a broken projection can differ everywhere. */
const DIFFERENCES_LISTED_MAX = 50;

export type ReplayReport = {
  readonly movements: number;
  readonly differences: ProjectionDifference[];
  readonly conservationViolations: { sku: string; sum: number }[];
  readonly rebuildMs: number;
  readonly conservationMs: number;
};

/** Phases of the check as they start, so a long replay shows where it is. */
export type ReplayObserver = { phase(text: string): void };

/**
 * Rebuilds every position from the ledger into a scratch table, compares it with the stored
 * projection, and checks that every SKU's buckets and accounts sum to zero (ARCHITECTURE §1).
 * Read-only: the stored positions are never changed.
 */
export async function verifyReplay(store: Store, clock: Clock, observer: ReplayObserver): Promise<ReplayReport> {
  const movements = await store.ledger.countMovements();
  observer.phase(`rebuilding positions from ${movements} movement(s) and comparing with the stored ones`);
  const rebuildStart = clock.now();
  const differences = await store.ledger.verifyProjection();
  const rebuildMs = clock.now() - rebuildStart;
  observer.phase('checking conservation (every SKU sums to zero over buckets and accounts)');
  const conservationStart = clock.now();
  const conservationViolations = await store.ledger.conservationViolations();
  return { movements, differences, conservationViolations, rebuildMs, conservationMs: clock.now() - conservationStart };
}

/** Prints the report; returns the exit code (1 on any difference or violation). */
export function printReplayReport(report: ReplayReport, out: CliOutput): number {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  out.write(`replayed ${report.movements} movement(s) in ${s(report.rebuildMs)}: ${report.differences.length} position difference(s)\n`);
  for (const d of report.differences.slice(0, DIFFERENCES_LISTED_MAX)) {
    out.write(`  ${d.sku} @ ${d.node} ${d.bucket}: stored ${d.stored}, ledger says ${d.replayed}\n`);
  }
  if (report.differences.length > DIFFERENCES_LISTED_MAX) out.write(`  … and ${report.differences.length - DIFFERENCES_LISTED_MAX} more\n`);
  out.write(`conservation checked in ${s(report.conservationMs)}: ${report.conservationViolations.length} SKU(s) not summing to zero\n`);
  for (const v of report.conservationViolations.slice(0, DIFFERENCES_LISTED_MAX)) out.write(`  ${v.sku}: sum ${v.sum}\n`);
  const clean = report.differences.length === 0 && report.conservationViolations.length === 0;
  out.write(
    clean
      ? 'OK: the stored positions are exactly the ledger replayed\n'
      : 'FAILED: the stored positions do not match the ledger (they were changed outside the ledger, or a bug)\n',
  );
  return clean ? 0 : 1;
}

/** `omnistock replay --verify`. */
export function registerReplayCommand(program: Command, ctx: CliContext, setExitCode: (code: number) => void): void {
  program
    .command('replay')
    .description('replay the ledger from empty; with --verify, compare the result with the stored positions and check conservation')
    .option('--verify', 'compare only; change nothing (exit 1 on any difference)')
    .action(async (options: { verify?: boolean }) => {
      if (!options.verify) {
        throw new CliError('replay rewrites nothing yet: only the read-only check is available', 'run: omnistock replay --verify');
      }
      const observer = { phase: (text: string) => ctx.stderr.write(`… ${text}\n`) };
      const report = await ctx.withStore((store) => verifyReplay(store, ctx.clock, observer));
      setExitCode(printReplayReport(report, ctx.stdout));
    });
}

import { createReadStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import { LedgerWriter } from '../app/ledger-writer.ts';
import { PolicyHolder } from '../app/policy-holder.ts';
import { ReconcileSnapshot, type SnapshotOutcome } from '../app/reconcile-snapshot.ts';
import type { SnapshotLineError } from '../core/reconciliation/snapshot-line.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { parseSnapshotCsv, SnapshotHeaderError } from './parse-snapshot-csv.ts';
import { progressBar } from './progress-bar.ts';

type ReconcileOptions = { source: string; file: string; asOf?: string; strict?: boolean };

function printRejected(rejected: readonly SnapshotLineError[], rejectedCount: number, out: CliOutput): void {
  for (const r of rejected) out.write(`  line ${r.line}${r.field ? `, ${r.field}` : ''}: ${r.code}: ${r.message}\n`);
  if (rejectedCount > rejected.length) out.write(`  … and ${rejectedCount - rejected.length} more\n`);
}

/** Prints the summary; returns the exit code (1 when any row was rejected, though the good rows were reconciled). */
export function printReconcileSummary(o: SnapshotOutcome, asOfMs: number, seconds: number, out: CliOutput): number {
  const s = o.summary;
  out.write(
    `reconciliation ${o.id} as of ${new Date(asOfMs).toISOString()}: ${s.lines} line(s) compared in ${seconds.toFixed(1)} s: ${s.matched} match, ${s.differing} differ (${(s.differingShare * 100).toFixed(2)}%), ${s.material} material\n`,
  );
  out.write(`  units at risk ${s.unitsAtRisk}, value at risk ${s.valueAtRisk} (net ${s.netUnits} units, ${s.netValue})\n`);
  out.write(`  stock_mismatch cases: ${o.cases.opened} opened, ${o.cases.repeated} already open (occurrence added)\n`);
  out.write(`  details: GET /v1/reconciliations/${o.id}\n`);
  if (s.rejected === 0) return 0;
  out.write(`${s.rejected} line(s) were rejected and not compared:\n`);
  printRejected(o.rejected, s.rejected, out);
  return 1;
}

function parseAsOf(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms))
    throw new CliError(`--as-of ${text} is not an RFC 3339 time`, 'write it like 2026-11-01T12:00:00Z');
  return ms;
}

/** `omnistock reconcile --source erp --file snapshot.csv [--as-of RFC3339] [--strict]` (docs/reconciliation.md). */
export function registerReconcileCommand(program: Command, ctx: CliContext, setExitCode: (code: number) => void): void {
  program
    .command('reconcile')
    .description('compare a snapshot of positions from another system with the ledger as of the snapshot time')
    .requiredOption('--source <source>', 'the system the snapshot comes from (erp, wms, oms, a channel id)')
    .requiredOption('--file <file>', 'the snapshot CSV: sku,node,qty[,bucket] or sku,channel,qty (header row)')
    .option('--as-of <time>', 'business time of the snapshot, RFC 3339 (default: the file’s modification time)')
    .option('--strict', 'reject the whole file when any row is bad (nothing is stored)')
    .action(async (options: ReconcileOptions) => {
      let size: number;
      let modifiedMs: number;
      try {
        const stat = statSync(options.file);
        size = stat.size;
        modifiedMs = stat.mtimeMs;
      } catch {
        throw new CliError(`cannot read ${options.file}`, 'check the path given to --file');
      }
      const asOfMs = parseAsOf(options.asOf, Math.floor(modifiedMs));
      const started = ctx.clock.now();
      const bar = progressBar(ctx.stderr);
      bar.start(size, 'reading', ' bytes');
      const result = await ctx.withStore(async (store) => {
        const policies = new PolicyHolder(store.policies);
        await policies.refresh();
        const writer = new LedgerWriter(store, ctx.clock);
        const rows = parseSnapshotCsv(createReadStream(options.file), (bytes) => bar.update(bytes));
        try {
          return await new ReconcileSnapshot({ store, writer, policies, clock: ctx.clock }).run({
            source: options.source,
            asOfMs,
            rows,
            strict: options.strict === true,
            createdBy: 'cli',
          });
        } catch (error) {
          if (error instanceof SnapshotHeaderError) throw new CliError(`${options.file}, ${error.message}`, 'fix the header row');
          throw error;
        } finally {
          bar.stop();
          await writer.idle();
        }
      });
      if (result.ok) {
        setExitCode(printReconcileSummary(result.value, asOfMs, (ctx.clock.now() - started) / 1000, ctx.stdout));
        return;
      }
      if (result.error.kind === 'invalid') throw new CliError(result.error.error.message, 'pass --as-of with a past time');
      ctx.stdout.write(`--strict: ${result.error.rejectedCount} line(s) were rejected, so nothing was reconciled:\n`);
      printRejected(result.error.rejected, result.error.rejectedCount, ctx.stdout);
      setExitCode(1);
    });
}

import type { Command } from 'commander';
import { backfillDemand } from '../app/backfill-demand.ts';
import { LedgerWriter } from '../app/ledger-writer.ts';
import { PolicyHolder } from '../app/policy-holder.ts';
import { type ReplenishmentRunSummary, RunReplenishment } from '../app/run-replenishment.ts';
import type { CliContext, CliOutput } from './cli-context.ts';
import { progressBar } from './progress-bar.ts';

type ReplenishOptions = { sku?: string; node?: string; rebuildDemand?: boolean; json?: boolean };

/** The run summary as a few readable lines. */
export function printRunSummary(s: ReplenishmentRunSummary, out: CliOutput): void {
  const p = s.proposals;
  out.write(`replenishment run: ${s.positions} position(s) in ${(s.durationMs / 1000).toFixed(2)} s\n`);
  out.write(`  proposals created: ${p.created} (${p.transfers} transfer(s), ${p.purchaseOrders} purchase order(s)), value ${p.value}\n`);
  out.write(`  approved automatically: ${p.approvedAutomatically}; awaiting approval: ${p.awaitingApproval}; already proposed today: ${p.alreadyProposed}\n`);
  out.write(`  delayed_receipt cases: ${s.delayedReceiptCases}; held by late inbound (no second order): ${s.heldByLateInbound}\n`);
  if (s.skippedUnknownItems > 0) out.write(`  skipped ${s.skippedUnknownItems} position(s) of SKUs without an item master row\n`);
}

/**
 * `omnistock replenish [--sku S] [--node N] [--rebuild-demand] [--json]`: runs replenishment now
 * with the stored policy (docs/replenishment.md), a progress bar on stderr. `--rebuild-demand`
 * first rebuilds the daily-demand projection from the whole ledger (run it while ingestion is quiet).
 * The process has its own ledger writer: proposals, ERP requests and cases are written in ledger
 * transactions like the server's, and a server running beside it sees them at once.
 */
export function registerReplenishCommand(program: Command, ctx: CliContext): void {
  program
    .command('replenish')
    .description('run replenishment now: proposals, ERP requests for the automatic ones, approval and delayed-receipt cases')
    .option('--sku <sku>', 'only this SKU')
    .option('--node <node>', 'only this node (other nodes still give by transfer)')
    .option('--rebuild-demand', 'first rebuild the daily-demand projection from the whole ledger')
    .option('--json', 'print the summary as JSON')
    .action(async (options: ReplenishOptions) => {
      const summary = await ctx.withStore(async (store) => {
        const policies = new PolicyHolder(store.policies);
        await policies.refresh();
        const writer = new LedgerWriter(store, ctx.clock);
        const bar = progressBar(ctx.stderr);
        if (options.rebuildDemand) {
          bar.start(0, 'demand    ', ' series');
          await backfillDemand(store, writer, (done, total) => bar.update(done, total));
          bar.stop();
        }
        bar.start(0, 'replenish ', ' positions');
        const run = new RunReplenishment(store, writer, ctx.clock, policies);
        const result = await run.run({
          ...(options.sku && { sku: options.sku }),
          ...(options.node && { node: options.node }),
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        await writer.idle();
        return result;
      });
      if (options.json) ctx.stdout.write(`${JSON.stringify(summary)}\n`);
      else printRunSummary(summary, ctx.stdout);
    });
}

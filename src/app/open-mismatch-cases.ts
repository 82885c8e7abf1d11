import { casePolicyOf } from '../core/cases/case-policy.ts';
import { routeCase } from '../core/cases/route-case.ts';
import { limits } from '../core/limits.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import type { StockMismatchCase } from '../core/reconciliation/reconcile-snapshot.ts';
import type { IngestTransaction } from '../ports/store.ts';
import type { LedgerCommand } from './ledger-writer.ts';

/** The part of the ledger writer this needs (a test may pass its own). */
export type CommandRunner = { run<O>(command: LedgerCommand<O>): Promise<O> };

/** Cases a reconciliation opened, and the ones that already were live and got an occurrence. */
export type MismatchCasesOutcome = { readonly opened: number; readonly repeated: number };

async function openOne(tx: IngestTransaction, c: StockMismatchCase, reconciliationId: number, policy: Policy | null, nowMs: number): Promise<boolean> {
  const facts = await tx.cases.routingFacts(c.sku, c.node);
  // `medium` is the trigger's judgement; the policy's severity rules (per type, a high value at risk) override it.
  const routing = routeCase(casePolicyOf(policy), { type: 'stock_mismatch', severity: 'medium', region: facts.region, valueAtRisk: c.valueAtRisk }, nowMs);
  const opened = await tx.cases.open(
    {
      type: 'stock_mismatch',
      dedupeKey: c.dedupeKey,
      sku: c.sku,
      node: c.node,
      orderId: null,
      details: {
        reconciliationId,
        source: c.source,
        channel: c.channel,
        asOf: new Date(c.asOfMs).toISOString(),
        unitsAtRisk: c.unitsAtRisk,
        valueAtRisk: c.valueAtRisk,
        variances: c.variances.map((v) => ({
          line: v.line,
          bucket: v.bucket,
          expected: v.expected,
          reported: v.reported,
          variance: v.variance,
          value: v.value,
          likelyCause: v.likelyCause ?? null,
        })),
      },
      ...routing,
      valueAtRisk: c.valueAtRisk,
      region: facts.region,
    },
    nowMs,
  );
  return opened.opened;
}

/**
 * Opens the `stock_mismatch` cases of a reconciliation through the ledger writer, so they are
 * written by the in-transaction case API (`tx.cases.open`: one live case per dedupe key, a repeat
 * adds an occurrence). At most `limits.casesPerTransactionMax` cases per command: a snapshot with
 * thousands of material variances must not hold the ledger transaction for long.
 */
export async function openMismatchCases(
  writer: CommandRunner,
  cases: readonly StockMismatchCase[],
  reconciliationId: number,
  policy: Policy | null,
): Promise<MismatchCasesOutcome> {
  let opened = 0;
  let repeated = 0;
  for (let i = 0; i < cases.length; i += limits.casesPerTransactionMax) {
    const chunk = cases.slice(i, i + limits.casesPerTransactionMax);
    const command: LedgerCommand<number> = {
      size: chunk.length,
      run: async ({ tx, nowMs }) => {
        let n = 0;
        for (const c of chunk) if (await openOne(tx, c, reconciliationId, policy, nowMs)) n++;
        return { value: n, keep: true };
      },
    };
    const n = await writer.run(command);
    opened += n;
    repeated += chunk.length - n;
  }
  return { opened, repeated };
}

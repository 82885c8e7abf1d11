import { CANCELLATION_CAUSES, type CancellationCause, type CancellationTrace } from '../core/simulation/run-detail.ts';

/** Readable names of the cancellation causes (src/core/simulation/run-detail.ts explains each). */
export const CAUSE_LABELS: Readonly<Record<CancellationCause, string>> = {
  late_pos_posting: 'late POS posting',
  hidden_shrink: 'hidden shrink found at pick',
  till_sale_of_promised_unit: 'till sale of a promised unit',
  stale_channel_view: 'stale channel view (batch snapshot)',
  refused_at_checkout: 'refused at checkout',
  unexplained: 'unexplained',
};

/** One sentence per cause for the report's "how to read this". */
export const CAUSE_MEANINGS: Readonly<Record<CancellationCause, string>> = {
  late_pos_posting: 'till sales had happened at the node but were not posted yet, so the ledger and every channel still counted units that had left the shelf',
  hidden_shrink: 'units had gone missing without any record and were found missing only when the pick came up short',
  till_sale_of_promised_unit:
    'a store customer bought at the till a unit already promised to the order: the ledger knew, but the shelf was empty and no other node could take the order',
  stale_channel_view: 'the channel accepted against its periodic snapshot, which still showed units already sold elsewhere (batch baseline only)',
  refused_at_checkout: 'the channel showed the units but the engine refused the order: its sourcing saw less than the channel’s view',
  unexplained: 'none of the above held when it happened: a defect to investigate',
};

/** Per cause: the traces that list it and their units. A trace with two causes counts under both. */
export type CauseCount = { readonly cause: CancellationCause; readonly traces: number; readonly units: number };

/** Every cause, in vocabulary order, with its counts over all of `traces` (zeros included). */
export function countCauses(traces: readonly CancellationTrace[]): CauseCount[] {
  return CANCELLATION_CAUSES.map((cause) => {
    let count = 0;
    let units = 0;
    for (const t of traces) {
      if (!t.causes.includes(cause)) continue;
      count += 1;
      units += t.units;
    }
    return { cause, traces: count, units };
  });
}

/**
 * The combination of causes a trace lists, in vocabulary order, as one key (`hidden_shrink+late_pos_posting`
 * style, `none` when empty): the stacked cause chart counts each trace once, under its combination,
 * so a bar's height is the number of traced cancellations.
 */
export function causeCombination(trace: CancellationTrace): string {
  const present = CANCELLATION_CAUSES.filter((c) => trace.causes.includes(c));
  return present.length === 0 ? 'none' : present.join('+');
}

/** The readable name of a combination key from `causeCombination`. */
export function causeCombinationLabel(key: string): string {
  if (key === 'none') return 'no cause recorded';
  return key
    .split('+')
    .map((c) => CAUSE_LABELS[c as CancellationCause] ?? c)
    .join(' + ');
}

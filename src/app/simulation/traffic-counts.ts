import type { SimulationTarget } from '../../ports/simulation-target.ts';

/**
 * What simulated traffic has sent to an engine so far, as the engine answered it: the live demo's
 * status line. Counted at the target, so it needs nothing from the runner's private tallies.
 */
export type TrafficCounts = {
  /** Orders the engine took (placed, or reserved and confirmed). */
  ordersAccepted: number;
  /** Orders the engine refused for want of stock. */
  ordersRefused: number;
  /** CloudEvents sent (POS sales, counts, transfers, picks, returns, malformed ones). */
  eventsSent: number;
  eventsAccepted: number;
  /** Dead-lettered: the malformed events the scenario injects on purpose. */
  eventsRejected: number;
  returnsOpened: number;
};

/**
 * The target, counting what passes through it. `target` must be a plain object (as
 * `inProcessTarget` returns): its methods are copied, not bound.
 *
 * @example
 * const { target: counted, counts } = countingTarget(target);
 * // … run traffic through `counted` …
 * counts.ordersAccepted;
 */
export function countingTarget(target: SimulationTarget): { readonly target: SimulationTarget; readonly counts: Readonly<TrafficCounts> } {
  const counts: TrafficCounts = { ordersAccepted: 0, ordersRefused: 0, eventsSent: 0, eventsAccepted: 0, eventsRejected: 0, returnsOpened: 0 };
  const order = (id: string | null): string | null => {
    if (id === null) counts.ordersRefused += 1;
    else counts.ordersAccepted += 1;
    return id;
  };
  return {
    counts,
    target: {
      ...target,
      async ingest(events) {
        counts.eventsSent += events.length;
        const verdicts = await target.ingest(events);
        for (const v of verdicts) {
          if (v.status === 'accepted') counts.eventsAccepted += 1;
          else if (v.status === 'rejected') counts.eventsRejected += 1;
        }
        return verdicts;
      },
      placeOrder: async (r) => order(await target.placeOrder(r)),
      reserveAndConfirm: async (r, key) => order(await target.reserveAndConfirm(r, key)),
      async openReturn(r) {
        const opened = await target.openReturn(r);
        if ('id' in opened) counts.returnsOpened += 1;
        return opened;
      },
    },
  };
}

import type { Happening } from '../../core/simulation/generate-happenings.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';

/**
 * The id prefix of one run on a long-lived database (`omnistock demo`): `demo3:` for its third run.
 * A scratch engine sees one run only, but the demo plays a new window on the same database after
 * every restart, and the generator names things from 1 again (`pos-1`, `web-1`, `tr-1`): without a
 * prefix, (source, id) idempotency would answer `duplicate` to the new run's events, an order
 * reference would find the last run's order, and a transfer id the last run's transfer.
 *
 * @example runPrefix(3) // 'demo3:'
 */
export function runPrefix(run: number): string {
  if (!Number.isInteger(run) || run < 1) throw new Error(`a run number is a positive integer, got ${run}`);
  return `demo${run}:`;
}

const scoped = (prefix: string, id: string): string => (id.startsWith(prefix) ? id : `${prefix}${id}`);

function scopeHappening(h: Happening, prefix: string): Happening {
  switch (h.kind) {
    case 'pos':
    case 'count':
    case 'malformed':
      return { ...h, eventId: scoped(prefix, h.eventId) };
    case 'order':
      return { ...h, orderRef: scoped(prefix, h.orderRef) };
    case 'transfer':
      return { ...h, transferId: scoped(prefix, h.transferId) };
    case 'shrink':
      return h;
  }
}

/** The happenings with every id the generator chose (event ids, order references, transfer ids) under `prefix`. */
export function scopeHappenings(happenings: readonly Happening[], prefix: string): Happening[] {
  return happenings.map((h) => scopeHappening(h, prefix));
}

/**
 * The target with every event id the runner sends under `prefix`, as well as the order references
 * and idempotency keys it passes. Ids made from scoped happenings (`demo3:tr-1-shp`) or from engine
 * ids are kept as they are unless they lack the prefix; ids the runner numbers itself (the returns
 * desk's `return.received:1`) get it. Only what the runner sends changes; what it reads back is the
 * engine's own.
 *
 * `target` must be a plain object (as `inProcessTarget` returns): its methods are copied, not bound.
 */
export function scopedTarget(target: SimulationTarget, prefix: string): SimulationTarget {
  const request = <R extends { readonly orderRef: string }>(r: R): R => ({ ...r, orderRef: scoped(prefix, r.orderRef) });
  return {
    ...target,
    ingest: (events) => target.ingest(events.map((e) => ({ ...e, id: scoped(prefix, String(e.id)) }))),
    placeOrder: (r) => target.placeOrder(request(r)),
    reserveAndConfirm: (r, key) => target.reserveAndConfirm(request(r), scoped(prefix, key)),
    openReturn: (r) => target.openReturn(request(r)),
  };
}

import { type DomainError, domainError } from '../errors.ts';
import { isBucketSide, type Side } from '../ledger/buckets.ts';
import { type Movement, movement } from '../ledger/movement.ts';
import { err, ok, type Result } from '../result.ts';
import type { ReturnAuthorisation } from './return-authorisation.ts';
import type { ReturnAction, ReturnHistoryEntry } from './return-history.ts';
import type { ReturnUnit } from './return-unit.ts';
import { type ReturnUnitEvent, transitionReturnUnit } from './transition-return-unit.ts';

/** Outcomes the ERP books as a `ReturnOutcome` (vendor returns and disposals are booked from their movements). */
export type BookedOutcome = 'restock' | 'refurbish' | 'damaged';

/** A serial nobody sold: the shell opens a `serial_mismatch` case for it. */
export type SerialMismatch = { readonly returnId: string; readonly unitNo: number; readonly sku: string; readonly serial: string; readonly orderRef: string };

/** What one step of a return asks the shell to do, in its ledger command. */
export type ReturnStep = {
  readonly state: ReturnAuthorisation;
  /** Merged per (sku, from, to, reason); each side of a unit's path is where `sideOf` says. */
  readonly movements: readonly Movement[];
  readonly history: readonly ReturnHistoryEntry[];
  readonly serialMismatches: readonly SerialMismatch[];
  /** Dispositions to book as ReturnOutcome documents, one line per unit. */
  readonly outcomes: readonly { readonly sku: string; readonly node: string; readonly qty: number; readonly outcome: BookedOutcome }[];
};

/** One unit event of a step, with the request field it came from (for the error) and history details. */
export type UnitChange = {
  readonly unitNo: number;
  readonly event: ReturnUnitEvent;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

const ACTION: Record<ReturnUnitEvent['type'], ReturnAction> = { receive: 'received', cancel: 'cancelled', inspect: 'inspected', dispose: 'disposed' };

/**
 * Applies unit events in order (a unit may take two: inspect, then its disposition) at business
 * time `atMs`. All or nothing: the first illegal event is the error and the return is untouched.
 */
export function stepUnits(
  r: ReturnAuthorisation,
  changes: readonly UnitChange[],
  atMs: number,
  serialMismatches: readonly SerialMismatch[] = [],
): Result<ReturnStep, DomainError> {
  const units = new Map<number, ReturnUnit>(r.units.map((u) => [u.unitNo, u]));
  const moved: Movement[] = [];
  const history: ReturnHistoryEntry[] = [];
  const outcomes: ReturnStep['outcomes'][number][] = [];
  for (const c of changes) {
    const unit = units.get(c.unitNo);
    if (unit === undefined) return err(domainError('return_line_not_found', `return ${r.id} has no unit ${c.unitNo}`, c.field));
    const next = transitionReturnUnit(unit, c.event, r.node, atMs);
    if (!next.ok) return err(c.field === undefined ? next.error : { ...next.error, field: c.field });
    units.set(c.unitNo, next.value.unit);
    if (next.value.movement !== null) moved.push(next.value.movement);
    const outcome = c.event.type === 'dispose' ? c.event.outcome : null;
    if (outcome === 'restock' || outcome === 'refurbish' || outcome === 'damaged') outcomes.push({ sku: unit.sku, node: r.node, qty: 1, outcome });
    history.push({
      atMs,
      action: ACTION[c.event.type],
      unitNo: unit.unitNo,
      sku: unit.sku,
      details: {
        from: unit.state,
        to: next.value.unit.state,
        ...(outcome === null ? {} : { outcome }),
        ...(c.event.type === 'inspect' ? { inspection: c.event.inspection } : {}),
        ...c.details,
      },
    });
  }
  const nextUnits = r.units.map((u) => units.get(u.unitNo) as ReturnUnit);
  const restocked = changes.some((c) => units.get(c.unitNo)?.state === 'restocked' && c.event.type === 'dispose');
  const received = changes.some((c) => c.event.type === 'receive');
  const state: ReturnAuthorisation = {
    ...r,
    units: nextUnits,
    updatedAtMs: atMs,
    ...(received ? { receivedAtMs: atMs } : {}),
    ...(restocked ? { restockedAtMs: atMs } : {}),
  };
  return ok({ state, movements: mergeMovements(moved), history, serialMismatches, outcomes });
}

/** Sums unit movements of the same sku, sides and reason: a 40-unit receipt is one ledger row, not 40. */
export function mergeMovements(movements: readonly Movement[]): Movement[] {
  const merged = new Map<string, Movement>();
  for (const m of movements) {
    const key = `${m.sku}\u0000${sideKey(m.from)}\u0000${sideKey(m.to)}\u0000${m.reason}`;
    const before = merged.get(key);
    merged.set(key, before === undefined ? m : movement(m.sku, m.from, m.to, before.qty + m.qty, m.reason, m.occurredAtMs));
  }
  return [...merged.values()];
}

const sideKey = (s: Side): string => (isBucketSide(s) ? `${s.node}/${s.bucket}` : `@${s.account}`);

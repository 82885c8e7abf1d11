import type { DomainError } from '../errors.ts';
import type { Result } from '../result.ts';
import type { ReturnAuthorisation } from './return-authorisation.ts';
import { type ReturnStep, stepUnits } from './return-step.ts';

/**
 * The parcel arrived at the receiving node: every authorised unit moves customer → quarantine.
 * Nothing is sellable yet: quarantine is outside available, so neither ATS nor any channel sees it
 * until inspection disposes of the unit. A return is received once, whole; a second receipt is
 * `return_transition_not_allowed`.
 */
export function receiveReturn(r: ReturnAuthorisation, atMs: number, details: Readonly<Record<string, unknown>> = {}): Result<ReturnStep, DomainError> {
  return stepUnits(
    r,
    r.units.map((u) => ({ unitNo: u.unitNo, event: { type: 'receive' as const }, details })),
    atMs,
  );
}

/** Cancels an authorisation nothing of which was received (no movement: the units are still the customer's). */
export function cancelReturn(r: ReturnAuthorisation, atMs: number): Result<ReturnStep, DomainError> {
  return stepUnits(
    r,
    r.units.map((u) => ({ unitNo: u.unitNo, event: { type: 'cancel' as const } })),
    atMs,
  );
}

import { assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import type { NodeId } from '../ids.ts';
import { account, at, type Side } from '../ledger/buckets.ts';
import { type Movement, type MovementReason, movement } from '../ledger/movement.ts';
import { err, ok, type Result } from '../result.ts';
import { type DispositionOutcome, type Inspection, OUTCOME_TARGET, RETURN_TRANSITIONS, type ReturnState, type ReturnUnit } from './return-unit.ts';

export type ReturnUnitEvent =
  | { readonly type: 'receive' }
  | { readonly type: 'cancel' }
  | { readonly type: 'inspect'; readonly inspection: Inspection }
  | { readonly type: 'dispose'; readonly outcome: DispositionOutcome };

/**
 * Where a unit in each state sits in the ledger. A transition's movement is always
 * `sideOf(before) → sideOf(after)`, so every path of the state machine conserves units by
 * construction: the unit is on exactly one side at any time.
 */
export function sideOf(state: ReturnState, node: NodeId): Side {
  switch (state) {
    case 'authorised':
    case 'cancelled':
      return account('customer');
    case 'received':
    case 'inspected':
      return at(node, 'quarantine');
    case 'refurbishing':
      return at(node, 'refurbish');
    case 'damaged':
      return at(node, 'damaged');
    case 'restocked':
      return at(node, 'available');
    case 'returned_to_vendor':
      return account('vendor_return');
    case 'disposed':
      return account('disposed');
    default:
      return assertNever(state, 'return state');
  }
}

/** The movement reason of arriving in each state that moves units. */
const REASON: Partial<Record<ReturnState, MovementReason>> = {
  received: 'customer_return',
  restocked: 'return_restock',
  refurbishing: 'return_refurbish',
  damaged: 'return_damaged',
  returned_to_vendor: 'return_to_vendor',
  disposed: 'return_disposal',
};

const targetOf = (event: ReturnUnitEvent): ReturnState => {
  switch (event.type) {
    case 'receive':
      return 'received';
    case 'cancel':
      return 'cancelled';
    case 'inspect':
      return 'inspected';
    case 'dispose':
      return OUTCOME_TARGET[event.outcome];
    default:
      return assertNever(event, 'return unit event');
  }
};

/** Whether `event` is legal for a unit in `state` (the transition table, nothing else). */
export const allows = (state: ReturnState, event: ReturnUnitEvent): boolean => (RETURN_TRANSITIONS[state] as readonly ReturnState[]).includes(targetOf(event));

/**
 * One unit's transition at `node`, at business time `atMs`: the new unit and the movement that
 * carries it (none for cancel, and none for inspect, which leaves the unit in quarantine).
 * An illegal event is `return_transition_not_allowed` naming both states; the unit is untouched.
 */
export function transitionReturnUnit(
  unit: ReturnUnit,
  event: ReturnUnitEvent,
  node: NodeId,
  atMs: number,
): Result<{ readonly unit: ReturnUnit; readonly movement: Movement | null }, DomainError> {
  const target = targetOf(event);
  if (!allows(unit.state, event)) {
    return err(domainError('return_transition_not_allowed', `unit ${unit.unitNo} (${unit.sku}) is ${unit.state}; it cannot become ${target}`));
  }
  const reason = REASON[target];
  const from = sideOf(unit.state, node);
  const to = sideOf(target, node);
  const moved = reason === undefined || target === 'cancelled' ? null : movement(unit.sku, from, to, 1, reason, atMs);
  const next: ReturnUnit = {
    ...unit,
    state: target,
    updatedAtMs: atMs,
    ...(event.type === 'inspect' ? { inspection: event.inspection } : {}),
    ...(event.type === 'dispose' ? { outcome: event.outcome } : {}),
    ...(target === 'received' ? { receivedAtMs: atMs } : {}),
    ...(target === 'restocked' ? { restockedAtMs: atMs } : {}),
  };
  return ok({ unit: next, movement: moved });
}

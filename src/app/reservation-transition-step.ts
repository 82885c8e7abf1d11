import { assert } from '../core/assert.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import type { Transitioned } from '../core/orders/workflow-effect.ts';
import type { Reservation } from '../core/reservations/reservation.ts';
import { type ReservationEvent, transitionReservation } from '../core/reservations/transition-reservation.ts';
import { err, ok, type Result } from '../core/result.ts';
import { eventKey } from '../ports/store.ts';
import type { ReservationRecord } from '../ports/workflow-store.ts';
import { applyWorkflowEffects } from './apply-workflow-effects.ts';
import { JOURNAL_SOURCES } from './journal-sources.ts';
import type { CommandContext } from './ledger-writer.ts';

/** The outcome of one reservation transition inside a command, before the caller adds its own rows. */
export type StepDone = { readonly before: ReservationRecord; readonly after: Transitioned<Reservation>; readonly eventSeq: number };

/**
 * One transition of a stored reservation (confirm, release, expire) inside a ledger command:
 * journal `<action>:<id>` (the cause of its movements), lock and read the reservation, let the
 * core decide, perform the effects and store the new state. The journal key is unique, so of two
 * concurrent confirmations only one claims it; the other waits for it and then finds the
 * reservation resolved. Errors come back as values and the caller rolls its command back.
 */
export async function reservationTransitionStep(
  context: CommandContext,
  reservationId: string,
  event: ReservationEvent,
): Promise<Result<StepDone, DomainError>> {
  const { tx, nowMs } = context;
  const source = JOURNAL_SOURCES.reservationTransitions;
  const journalId = `${event.type}:${reservationId}`;
  const claimed = await tx.claimEvents(
    [{ source, id: journalId, type: `reservation.${event.type}`, occurredAtMs: nowMs, body: JSON.stringify({ reservationId, ...event }) }],
    nowMs,
  );
  const before = await tx.workflow.lockReservation(reservationId);
  if (before === undefined) return err(domainError('not_found', `no reservation ${reservationId}`, 'id'));
  const after = transitionReservation(before, event, nowMs);
  if (!after.ok) return after;
  const eventSeq = claimed.get(eventKey(source, journalId));
  // A claimed key and an unresolved reservation commit together: a repeat always finds it resolved.
  assert(eventSeq !== undefined, `journal ${journalId} exists but reservation ${reservationId} is still active`);
  // Giving back or moving reserved units takes nothing from `available`, so no guard can fail.
  const applied = await applyWorkflowEffects(context, after.value.effects, eventSeq, () => 0);
  assert(applied.ok, 'reservation transitions move reserved units only');
  await tx.workflow.updateReservation(after.value.state);
  return ok({ before, after: after.value, eventSeq });
}

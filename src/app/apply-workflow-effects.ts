import { assertNever } from '../core/assert.ts';
import type { Movement } from '../core/ledger/movement.ts';
import type { WorkflowEffect } from '../core/orders/workflow-effect.ts';
import type { GuardOutcome } from '../ports/workflow-store.ts';
import type { CommandContext } from './ledger-writer.ts';

/**
 * Performs a transition's effects inside the command's transaction: every movement at once through
 * the guarded update (so a hold can only take units that are there above safety stock), then the
 * rows (fulfilment orders, timers, short picks, notifications). On a failed guard nothing at all is
 * written (the store gives back the guards that passed), so the caller may simply source again.
 */
export async function applyWorkflowEffects(
  context: CommandContext,
  effects: readonly WorkflowEffect[],
  eventSeq: number,
  floorOf: (sku: string, node: string) => number,
): Promise<GuardOutcome> {
  const { tx, nowMs } = context;
  const movements: Movement[] = effects.flatMap((e) => (e.kind === 'movement' ? [e.movement] : []));
  if (movements.length > 0) {
    const applied = await tx.workflow.applyGuardedMovements(movements, eventSeq, floorOf, nowMs);
    if (!applied.ok) return applied;
    context.touch(movements.map((m) => m.sku));
  }
  for (const e of effects) {
    switch (e.kind) {
      case 'movement':
        break;
      case 'create_fulfilment_order':
        await tx.workflow.insertFulfilmentOrder(e.fulfilmentOrder, nowMs);
        break;
      case 'schedule_reservation_expiry':
        await tx.workflow.scheduleTimer('reservation_expiry', e.reservationId, e.atMs);
        break;
      case 'cancel_reservation_expiry':
        await tx.workflow.setTimerStatus('reservation_expiry', e.reservationId, 'cancelled');
        break;
      case 'start_short_pick':
        await tx.workflow.saveShortPick(e.shortPick);
        break;
      case 'outbound_message':
        await tx.workflow.insertNotification(e.message, nowMs);
        break;
      default:
        assertNever(e, 'workflow effect');
    }
  }
  return { ok: true };
}

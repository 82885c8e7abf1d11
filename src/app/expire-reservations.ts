import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import type { Timer } from '../ports/workflow-store.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { reservationTransitionStep } from './reservation-transition-step.ts';

/** What one sweep did. */
export type SweepResult = { readonly expired: number; readonly skipped: number };

/**
 * The expiry sweeper: reads pending `reservation_expiry` timers that are due (timers live in the
 * database, so a restart loses none and a stopped process's timers are swept by the next one) and
 * expires each reservation in its own command: reserved → available, timer done. A timer whose
 * reservation was confirmed or released meanwhile is simply marked done. The composition root
 * runs `sweep` every second; tests call it after moving a fake clock.
 *
 * Expired holds are released by this sweep, never on read: a read that writes would make
 * `GET /v1/reservations/{id}` non-idempotent and slow under load.
 */
export class ExpireReservations {
  private running: Promise<SweepResult> | null = null;

  constructor(
    private readonly store: Store,
    private readonly writer: LedgerWriter,
    private readonly clock: Clock,
  ) {}

  /** One sweep of at most `limits.timerSweepBatchMax` due timers; overlapping calls share the sweep in flight. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<SweepResult> {
    const due = await this.store.workflows.dueTimers(this.clock.now(), limits.timerSweepBatchMax);
    const outcomes = await Promise.all(due.map((timer) => this.fire(timer)));
    const expired = outcomes.filter((o) => o).length;
    return { expired, skipped: outcomes.length - expired };
  }

  private fire(timer: Timer): Promise<boolean> {
    return this.writer.run({
      size: 1,
      run: async (context) => {
        const step = await reservationTransitionStep(context, timer.subjectId, { type: 'expire' });
        if (!step.ok && step.error.code === 'reservation_not_expired') return { value: false, keep: false };
        // Expired now, or resolved before the timer fired (confirmed, released): the timer is done either way.
        await context.tx.workflow.setTimerStatus('reservation_expiry', timer.subjectId, 'done');
        return { value: step.ok, keep: true };
      },
    });
  }
}

import type { DomainError } from '../core/errors.ts';
import type { Reservation } from '../core/reservations/reservation.ts';
import { ok, type Result } from '../core/result.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { reservationTransitionStep } from './reservation-transition-step.ts';

/** `DELETE /v1/reservations/{id}`: gives the held units back, reserved → available, and cancels the expiry timer. */
export class ReleaseReservation {
  constructor(private readonly writer: LedgerWriter) {}

  release(reservationId: string): Promise<Result<Reservation, DomainError>> {
    return this.writer.run<Result<Reservation, DomainError>>({
      size: 1,
      run: async (context) => {
        const step = await reservationTransitionStep(context, reservationId, { type: 'release' });
        return step.ok ? { value: ok(step.value.after.state), keep: true } : { value: step, keep: false };
      },
    });
  }
}

import type { Logger } from 'pino';
import type { LedgerWriter } from '../app/ledger-writer.ts';
import type { PolicySource } from '../app/project-channel-availability.ts';
import { ReviewProposal } from '../app/review-proposal.ts';
import { RunReplenishment } from '../app/run-replenishment.ts';
import { SCHEDULE_CHECK_INTERVAL_MS, type ScheduleState, tickReplenishmentSchedule } from '../app/schedule-replenishment.ts';
import type { ReplenishmentUseCases } from '../http/routes/replenishment.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** Builds the replenishment use cases around the process's single ledger writer. */
export function createReplenishment(store: Store, writer: LedgerWriter, clock: Clock, policies: PolicySource): ReplenishmentUseCases {
  return { run: new RunReplenishment(store, writer, clock, policies), review: new ReviewProposal(store, writer, clock) };
}

/**
 * Starts the scheduled replenishment run (docs/replenishment.md "Schedule"): a check every minute,
 * a run when the policy has a `replenishment` section and `scheduleIntervalMinutes` passed. Returns
 * the function that stops it and waits for a run in progress.
 */
export function startReplenishmentSchedule(run: RunReplenishment, policies: PolicySource, clock: Clock, logger: Logger): () => Promise<void> {
  const state: ScheduleState = { lastRunAtMs: null, running: false };
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = tickReplenishmentSchedule(state, run, policies, clock)
      .then((summary) => summary && logger.info({ replenishment: summary }, 'scheduled replenishment run'))
      .catch((error: unknown) => logger.error({ err: error }, 'scheduled replenishment run failed'));
  };
  const timer = setInterval(tick, SCHEDULE_CHECK_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}

import { replenishmentPolicyOf } from '../core/replenishment/replenishment-params.ts';
import type { Clock } from '../ports/clock.ts';
import type { PolicySource } from './project-channel-availability.ts';
import type { ReplenishmentRunSummary, RunReplenishment } from './run-replenishment.ts';

/** How often the scheduler checks whether a run is due (a policy change takes effect within this). */
export const SCHEDULE_CHECK_INTERVAL_MS = 60_000;

/** The scheduled-run state: when the last run started (null: none in this process yet). */
export type ScheduleState = { lastRunAtMs: number | null; running: boolean };

/**
 * One tick of the replenishment schedule: runs when the policy document has a `replenishment`
 * section (the schedule is opt-in: a document written before issue 5 never orders anything by
 * itself) and `scheduleIntervalMinutes` passed since the last run of this process. The first tick
 * after a start runs at once, so a restart does not skip a day. Never two runs at once.
 *
 * @returns the run's summary, or null when no run was due
 */
export async function tickReplenishmentSchedule(
  state: ScheduleState,
  run: RunReplenishment,
  policies: PolicySource,
  clock: Clock,
): Promise<ReplenishmentRunSummary | null> {
  const policy = policies.current();
  if (policy?.replenishment === undefined || state.running) return null;
  const intervalMs = replenishmentPolicyOf(policy).scheduleIntervalMinutes * 60_000;
  const now = clock.now();
  if (state.lastRunAtMs !== null && now - state.lastRunAtMs < intervalMs) return null;
  state.running = true;
  state.lastRunAtMs = now;
  try {
    return await run.run();
  } finally {
    state.running = false;
  }
}

import type { Logger } from 'pino';
import { HttpSnapshotPuller } from '../adapters/snapshot-http/http-snapshot-puller.ts';
import type { LedgerWriter } from '../app/ledger-writer.ts';
import type { PolicySource } from '../app/project-channel-availability.ts';
import { ReconcileSnapshot } from '../app/reconcile-snapshot.ts';
import { ScheduledReconciliations } from '../app/run-scheduled-reconciliations.ts';
import { parseSnapshotCsv } from '../cli/parse-snapshot-csv.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';

/** How often the server looks for scheduled reconciliations that are due (their own period is in the policy). */
const SCHEDULE_TICK_MS = 60_000;

export type ReconciliationRuntime = { readonly reconcile: ReconcileSnapshot; readonly scheduled: ScheduledReconciliations };

/** The reconciliation use case on the process's ledger writer, and its schedule with the HTTP source connector. */
export function createReconciliation(store: Store, writer: LedgerWriter, clock: Clock, policies: PolicySource): ReconciliationRuntime {
  const reconcile = new ReconcileSnapshot({ store, writer, policies, clock });
  return {
    reconcile,
    scheduled: new ScheduledReconciliations({
      reconcile,
      store,
      policies,
      clock,
      puller: new HttpSnapshotPuller(),
      csvRows: (stream) => parseSnapshotCsv(stream),
    }),
  };
}

/** Ticks the schedule every minute (one tick at a time); returns the stop function. */
export function startReconciliationSchedule(scheduled: ScheduledReconciliations, logger: Logger): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        for (const o of await scheduled.tick()) {
          if (o.status === 'reconciled') logger.info(o, 'scheduled reconciliation');
          else logger.warn(o, 'scheduled reconciliation did not run');
        }
      } catch (error) {
        logger.error({ err: error }, 'scheduled reconciliation tick failed');
      }
    });
  };
  tick();
  const timer = setInterval(tick, SCHEDULE_TICK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

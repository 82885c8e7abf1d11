import type { Readable } from 'node:stream';
import { z } from 'zod';
import { reconciliationPolicyOf } from '../core/reconciliation/reconcile-snapshot.ts';
import type { RawSnapshotRow } from '../core/reconciliation/snapshot-line.ts';
import type { Clock } from '../ports/clock.ts';
import type { SnapshotPuller } from '../ports/snapshot-puller.ts';
import type { Store } from '../ports/store.ts';
import type { PolicySource } from './project-channel-availability.ts';
import type { ReconcileSnapshot } from './reconcile-snapshot.ts';

const MINUTE_MS = 60_000;

/** Reads a CSV snapshot stream into rows (the composition root passes the CLI's csv-parse reader: the app imports no parser library). */
export type CsvSnapshotReader = (stream: Readable) => AsyncIterable<RawSnapshotRow>;

/** What one due source came to: a stored reconciliation, a strict refusal, or a failed pull. */
export type ScheduledOutcome =
  | { readonly source: string; readonly status: 'reconciled'; readonly id: number; readonly differing: number; readonly rejected: number }
  | { readonly source: string; readonly status: 'refused' | 'failed'; readonly message: string };

/** A JSON snapshot: `{ asOf, lines }`, the body of `POST /v1/snapshots` without `source`. */
const jsonSnapshot = z.object({ asOf: z.iso.datetime({ offset: true }), lines: z.array(z.unknown()) });

/**
 * Scheduled reconciliation (docs/reconciliation.md, "Schedule"): on each `tick`, every source of
 * the policy's `reconciliation.schedule` whose last reconciliation (any origin) or last attempt is
 * at least `everyMinutes` old is pulled through the connector and reconciled, one after another.
 * A failed pull is reported and retried at the next due time, not at every tick. The server calls
 * `tick` every minute; tests call it with a fake clock.
 */
export class ScheduledReconciliations {
  private readonly lastAttemptMs = new Map<string, number>();

  constructor(
    private readonly deps: {
      readonly reconcile: ReconcileSnapshot;
      readonly store: Store;
      readonly policies: PolicySource;
      readonly clock: Clock;
      readonly puller: SnapshotPuller;
      readonly csvRows: CsvSnapshotReader;
    },
  ) {}

  async tick(): Promise<ScheduledOutcome[]> {
    const schedule = reconciliationPolicyOf(this.deps.policies.current()).schedule ?? [];
    const outcomes: ScheduledOutcome[] = [];
    for (const entry of schedule) {
      const nowMs = this.deps.clock.now();
      const everyMs = entry.everyMinutes * MINUTE_MS;
      const last = await this.deps.store.reconciliation.latestAsOf(entry.source);
      const lastRunMs = Math.max(last?.createdAtMs ?? -Infinity, this.lastAttemptMs.get(entry.source) ?? -Infinity);
      if (nowMs - lastRunMs < everyMs) continue;
      this.lastAttemptMs.set(entry.source, nowMs);
      outcomes.push(await this.runOne(entry.source, entry, nowMs));
    }
    return outcomes;
  }

  private async runOne(source: string, target: { url: string; format: 'json' | 'csv'; strict: boolean }, nowMs: number): Promise<ScheduledOutcome> {
    let asOfMs: number;
    let rows: AsyncIterable<RawSnapshotRow> | RawSnapshotRow[];
    try {
      const pulled = await this.deps.puller.pull(target);
      if (pulled.kind === 'csv') {
        // A CSV carries no time of its own: it describes the moment it was pulled.
        asOfMs = nowMs;
        rows = this.deps.csvRows(pulled.stream);
      } else {
        const parsed = jsonSnapshot.safeParse(pulled.value);
        if (!parsed.success)
          return { source, status: 'failed', message: `${target.url}: not a snapshot ({ asOf, lines }): ${parsed.error.issues[0]?.message ?? ''}` };
        asOfMs = Date.parse(parsed.data.asOf);
        rows = parsed.data.lines.map((value, i) => ({ line: i + 1, value }));
      }
      const result = await this.deps.reconcile.run({ source, asOfMs, rows, strict: target.strict, createdBy: 'schedule' });
      if (result.ok)
        return { source, status: 'reconciled', id: result.value.id, differing: result.value.summary.differing, rejected: result.value.summary.rejected };
      const message = result.error.kind === 'invalid' ? result.error.error.message : `strict: ${result.error.rejectedCount} line(s) rejected`;
      return { source, status: 'refused', message };
    } catch (error) {
      return { source, status: 'failed', message: (error as Error).message };
    }
  }
}

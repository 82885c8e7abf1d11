import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { IngestTransaction, Store } from '../ports/store.ts';
import { GroupCommitter } from './group-commit.ts';
import { MovementRecorder, type WrittenMovements } from './movement-recorder.ts';

/** What a command sees while it runs inside the shared transaction. */
export type CommandContext = {
  readonly tx: IngestTransaction;
  /** System time of the transaction, epoch ms (one value for every command in it). */
  readonly nowMs: number;
  /** Declares SKUs whose stock this command changed, so channel availability is recomputed once per transaction. */
  touch(skus: Iterable<string>): void;
};

/**
 * A unit of work for the ledger writer. `keep: false` rolls the command's own writes back (to its
 * savepoint) while the rest of the transaction commits: a reservation that lost its race leaves
 * no trace, and never fails its neighbours.
 */
export type LedgerCommand<O> = {
  /** Events or lines it carries, to bound the size of one transaction. */
  readonly size: number;
  run(context: CommandContext): Promise<{ readonly value: O; readonly keep: boolean }>;
};

/**
 * Runs after every command of a transaction, before commit (channel availability, outbox).
 * `touched` maps each SKU the kept commands touched to the earliest arrival time (epoch ms) of a
 * command that touched it: the start of the event-to-channel latency. `written` lists the movements
 * the kept commands (and earlier after-steps) wrote, with their causes (see `MovementRecorder`).
 */
export type AfterCommands = (tx: IngestTransaction, touched: ReadonlyMap<string, number>, nowMs: number, written: readonly WrittenMovements[]) => Promise<void>;

type Submitted = { readonly command: LedgerCommand<unknown>; readonly arrivedAtMs: number };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The single write path of the ledger (ARCHITECTURE §2, "apply (one transaction)"). Commands from
 * concurrent requests — event batches, reservations, confirmations, expiries — are group-committed:
 * each runs in its own savepoint, then the after-step projects channel availability for every
 * touched SKU, then one commit. A caller is answered only after that commit.
 */
export class LedgerWriter {
  private readonly committer: GroupCommitter<Submitted, Outcome>;
  private readonly afterSteps: AfterCommands[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.committer = new GroupCommitter((batches) => this.flush(batches), {
      weightPerFlushMax: limits.eventsPerTransactionMax,
      queueDepthMax: limits.ingestQueueRequestsMax,
    });
  }

  /** Adds a step run before every commit (order of registration). */
  addAfterStep(step: AfterCommands): void {
    this.afterSteps.push(step);
  }

  async run<O>(command: LedgerCommand<O>): Promise<O> {
    const weight = Math.min(Math.max(command.size, 1), limits.eventsPerTransactionMax);
    // Grouped on both databases. On PostgreSQL every ledger transaction first takes one advisory
    // lock (see openPostgresStore), so commands of concurrent transactions cannot deadlock on
    // each other's row locks; a process waiting for it writes a larger group when its turn comes.
    const outcome = await this.committer.submit({ command, arrivedAtMs: this.clock.now() }, weight);
    if (!outcome.ok) throw outcome.error;
    return outcome.value as O;
  }

  /** Resolves once everything submitted so far is committed. */
  idle(): Promise<void> {
    return this.committer.idle();
  }

  private flush(submitted: Submitted[]): Promise<Outcome[]> {
    return this.store.ingestTransaction(async (storeTx) => {
      const recorder = new MovementRecorder(storeTx);
      const tx = recorder.tx;
      const nowMs = this.clock.now();
      const touched = new Map<string, number>();
      const outcomes: Outcome[] = [];
      for (const s of submitted) outcomes.push(await this.runOne(tx, s, nowMs, touched));
      for (const step of this.afterSteps) await step(tx, touched, nowMs, recorder.written);
      return outcomes;
    });
  }

  private async runOne(tx: IngestTransaction, { command, arrivedAtMs }: Submitted, nowMs: number, touched: Map<string, number>): Promise<Outcome> {
    const mine = new Set<string>();
    await tx.savepoint();
    try {
      const { value, keep } = await command.run({
        tx,
        nowMs,
        touch: (skus) => {
          for (const s of skus) mine.add(s);
        },
      });
      if (keep) {
        await tx.releaseSavepoint();
        for (const sku of mine) touched.set(sku, Math.min(touched.get(sku) ?? arrivedAtMs, arrivedAtMs));
      } else {
        await tx.rollbackToSavepoint();
      }
      return { ok: true, value };
    } catch (error) {
      // A failing command (an infrastructure error, or a bug) is isolated: its writes are undone
      // and its caller gets the error; the other commands of the transaction still commit.
      await tx.rollbackToSavepoint();
      return { ok: false, error };
    }
  }
}

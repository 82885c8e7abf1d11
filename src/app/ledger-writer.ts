import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { IngestTransaction, Store } from '../ports/store.ts';
import { GroupCommitter } from './group-commit.ts';

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

/** Runs after every command of a transaction, before commit (channel availability, outbox). */
export type AfterCommands = (tx: IngestTransaction, touchedSkus: ReadonlySet<string>, nowMs: number) => Promise<void>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The single write path of the ledger (ARCHITECTURE §2, "apply (one transaction)"). Commands from
 * concurrent requests — event batches, reservations, confirmations, expiries — are group-committed:
 * each runs in its own savepoint, then the after-step projects channel availability for every
 * touched SKU, then one commit. A caller is answered only after that commit.
 */
export class LedgerWriter {
  private readonly committer: GroupCommitter<LedgerCommand<unknown>, Outcome>;
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
    // PostgreSQL: one command per transaction, transactions in parallel on the pool. Grouping
    // commands there would let two transactions lock positions command by command in different
    // orders and deadlock; each command alone locks in one global order. SQLite has one writer,
    // so grouping is what buys throughput there.
    const outcome = this.store.kind === 'postgres' ? (await this.flush([command]))[0] as Outcome : await this.committer.submit(command, weight);
    if (!outcome.ok) throw outcome.error;
    return outcome.value as O;
  }

  /** Resolves once everything submitted so far is committed. */
  idle(): Promise<void> {
    return this.committer.idle();
  }

  private flush(commands: LedgerCommand<unknown>[]): Promise<Outcome[]> {
    return this.store.ingestTransaction(async (tx) => {
      const nowMs = this.clock.now();
      const touched = new Set<string>();
      const outcomes: Outcome[] = [];
      for (const command of commands) outcomes.push(await this.runOne(tx, command, nowMs, touched));
      for (const step of this.afterSteps) await step(tx, touched, nowMs);
      return outcomes;
    });
  }

  private async runOne(tx: IngestTransaction, command: LedgerCommand<unknown>, nowMs: number, touched: Set<string>): Promise<Outcome> {
    const mine = new Set<string>();
    await tx.savepoint();
    try {
      const { value, keep } = await command.run({ tx, nowMs, touch: (skus) => { for (const s of skus) mine.add(s); } });
      if (keep) {
        await tx.releaseSavepoint();
        for (const s of mine) touched.add(s);
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

import type { TransferLine } from '../core/ledger/ledger-change.ts';
import type { Movement } from '../core/ledger/movement.ts';
import type { EventRecord, IngestTransaction } from '../ports/store.ts';
import type { WorkflowTransaction } from '../ports/workflow-store.ts';

/**
 * The movements one cause wrote in a ledger transaction: its journal sequence, the journalled
 * event (null when it was claimed before this transaction, which no writer does today), the
 * movements, and the transfer lines of the same change.
 */
export type WrittenMovements = {
  readonly eventSeq: number;
  readonly cause: EventRecord | null;
  readonly movements: readonly Movement[];
  readonly transferLines: readonly TransferLine[];
};

/**
 * The per-transaction list of written movements that after-steps receive (the ERP documents step
 * needs every movement of the transaction with its cause). It wraps the transaction the commands
 * see, so no command has to report what it wrote: the two write paths are observed where they
 * are, `writeChanges` (ingested ledger events) and `workflow.applyGuardedMovements` (reservations,
 * orders, short picks, and whatever workflow comes next), and `claimEvents` gives each journal
 * sequence its cause.
 *
 * Savepoints are mirrored: a command rolled back to its savepoint (a lost reservation race, a
 * failing command, a rejected workflow event) loses its recorded movements too, so an after-step
 * never sees a movement that will not commit. The mirror is a stack because savepoints of the
 * same name nest in SQL (a workflow event's savepoint inside its batch's).
 */
export class MovementRecorder {
  /** Written movements in write order; after-steps read it (steps registered later also see the earlier steps' writes). */
  readonly written: WrittenMovements[] = [];
  /** The transaction to hand to commands and after-steps. */
  readonly tx: IngestTransaction;
  readonly #causes = new Map<number, EventRecord>();
  readonly #marks: number[] = [];

  constructor(inner: IngestTransaction) {
    const workflow = forwarding(inner.workflow, {
      applyGuardedMovements: async (...args: Parameters<WorkflowTransaction['applyGuardedMovements']>) => {
        const outcome = await inner.workflow.applyGuardedMovements(...args);
        // A failed guard is rolled back by its caller; only an applied batch is recorded.
        if (outcome.ok) this.#record(args[1], args[0], []);
        return outcome;
      },
    });
    this.tx = forwarding(inner, {
      workflow,
      claimEvents: async (events: readonly EventRecord[], recordedAtMs: number) => {
        const claimed = await inner.claimEvents(events, recordedAtMs);
        for (const e of events) {
          const seq = claimed.get(`${e.source}\u0000${e.id}`);
          if (seq !== undefined) this.#causes.set(seq, e);
        }
        return claimed;
      },
      writeChanges: async (...args: Parameters<IngestTransaction['writeChanges']>) => {
        await inner.writeChanges(...args);
        for (const d of args[0]) this.#record(d.eventSeq, d.change.movements, d.change.transferLines);
      },
      savepoint: async () => {
        await inner.savepoint();
        this.#marks.push(this.written.length);
      },
      releaseSavepoint: async () => {
        await inner.releaseSavepoint();
        this.#marks.pop();
      },
      rollbackToSavepoint: async () => {
        await inner.rollbackToSavepoint();
        this.written.length = this.#marks.pop() ?? this.written.length;
      },
    });
  }

  #record(eventSeq: number, movements: readonly Movement[], transferLines: readonly TransferLine[]): void {
    if (movements.length === 0) return;
    this.written.push({ eventSeq, cause: this.#causes.get(eventSeq) ?? null, movements, transferLines });
  }
}

/**
 * An object whose named members are replaced and whose other members forward to `target` (bound,
 * so adapter classes keep their `this`). A Proxy rather than a spread: adapter methods live on
 * prototypes, which a spread would drop.
 */
function forwarding<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

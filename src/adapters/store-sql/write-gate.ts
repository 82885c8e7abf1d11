/**
 * Serialises writes on one connection. SQLite has a single writer connection: without this gate,
 * a master-data upsert could run inside an open ingestion transaction (both are async on the same
 * connection) and be committed or rolled back with it. On PostgreSQL each call gets its own pooled
 * connection, so the gate is a pass-through.
 */
export interface WriteGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const passThroughGate: WriteGate = { run: (work) => work() };

/** A FIFO lock: each `run` starts when the previous one settled. */
export class SerialWriteGate implements WriteGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

import { assert } from '../core/assert.ts';

/** Thrown to a submitter when the queue is at its depth limit; callers answer 503 `overloaded`. */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
}

type Waiting<I, O> = { items: I[]; resolve: (out: O[]) => void; reject: (error: unknown) => void };

/**
 * Group commit: requests that arrive while a transaction is being written wait, and the next
 * transaction takes all of them at once (up to `itemsPerFlushMax`). A request is answered only
 * after the transaction holding its items committed, so durability is never traded for speed;
 * the cost of a commit (an fsync with SQLite `synchronous=full`) is shared by every waiter.
 */
export class GroupCommitter<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  constructor(
    private readonly flush: (batches: I[][]) => Promise<O[][]>,
    private readonly limits: { readonly itemsPerFlushMax: number; readonly queueRequestsMax: number },
  ) {}

  submit(items: I[]): Promise<O[]> {
    assert(items.length <= this.limits.itemsPerFlushMax, 'a single submission must fit in one flush');
    if (this.queue.length >= this.limits.queueRequestsMax) return Promise.reject(new OverloadedError('ingest queue is full'));
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Waits until everything submitted so far has been written. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setImmediate(r));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const taken: Waiting<I, O>[] = [];
      let count = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0] as Waiting<I, O>;
        if (taken.length > 0 && count + next.items.length > this.limits.itemsPerFlushMax) break;
        taken.push(next);
        count += next.items.length;
        this.queue.shift();
      }
      try {
        const outputs = await this.flush(taken.map((w) => w.items));
        taken.forEach((w, i) => w.resolve(outputs[i] as O[]));
      } catch (error) {
        for (const w of taken) w.reject(error);
      }
    }
    this.running = false;
  }
}

import { assert } from '../core/assert.ts';

/** Thrown to a submitter when the queue is at its depth limit; callers answer 503 `overloaded`. */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
}

type Waiting<I, O> = { item: I; weight: number; resolve: (out: O) => void; reject: (error: unknown) => void };

/**
 * Group commit: submissions that arrive while a transaction is being written wait, and the next
 * transaction takes all of them at once (up to `weightPerFlushMax`, for example events). A
 * submission is answered only after the transaction holding it committed, so durability is never
 * traded for speed; the cost of a commit (an fsync with SQLite `synchronous=full`) is shared by
 * every waiter.
 */
export class GroupCommitter<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly limits: { readonly weightPerFlushMax: number; readonly queueDepthMax: number },
  ) {}

  submit(item: I, weight: number): Promise<O> {
    assert(weight >= 0 && weight <= this.limits.weightPerFlushMax, 'a single submission must fit in one flush');
    if (this.queue.length >= this.limits.queueDepthMax) return Promise.reject(new OverloadedError('the write queue is full'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, weight, resolve, reject });
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

  private takeFlush(): Waiting<I, O>[] {
    let count = 0;
    let n = 0;
    while (n < this.queue.length) {
      const next = this.queue[n] as Waiting<I, O>;
      if (n > 0 && count + next.weight > this.limits.weightPerFlushMax) break;
      count += next.weight;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const taken = this.takeFlush();
      try {
        const outputs = await this.flush(taken.map((w) => w.item));
        for (const [i, w] of taken.entries()) w.resolve(outputs[i] as O);
      } catch (error) {
        for (const w of taken) w.reject(error);
      }
    }
    this.running = false;
  }
}

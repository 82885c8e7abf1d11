/**
 * The simulator's agenda: items due at a simulated time, taken soonest first, ties in the order
 * they were added (a binary min-heap on (atMs, seq)), so a run is deterministic.
 *
 * @example
 * const t = new Timeline<string>();
 * t.add(20, 'b'); t.add(10, 'a');
 * t.take(); // { atMs: 10, item: 'a' }
 */
export class Timeline<T> {
  private readonly heap: { atMs: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(atMs: number, item: T): void {
    const heap = this.heap;
    heap.push({ atMs, seq: this.seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The soonest item, removed; undefined when empty. */
  take(): { atMs: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(l, m)) m = l;
        if (r < heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return { atMs: top.atMs, item: top.item };
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return false;
    return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a] as (typeof this.heap)[number];
    this.heap[a] = this.heap[b] as (typeof this.heap)[number];
    this.heap[b] = x;
  }
}

/** Losses kept per key as found by a count (the newest). */
const FOUND_KEPT_MAX = 50;

/** A loss the physical world knows and the ledger does not yet. */
type Loss = {
  readonly kind: 'late_pos_posting' | 'hidden_shrink' | 'till_sale_of_promised_unit';
  readonly atMs: number;
  readonly units: number;
  readonly eventId: string | null;
};

/**
 * What explains a shortfall at one SKU and node, per kind: units and the oldest time, and the
 * time of the count that found them when a count posted just before the pick (the ledger knew,
 * but the units were already promised and nowhere else to re-source).
 */
export type LossExplanation = readonly {
  readonly kind: Loss['kind'];
  readonly units: number;
  readonly sinceMs: number;
  readonly foundByCountAtMs: number | null;
}[];

/**
 * Units that left the shelf without the ledger knowing yet, per SKU and node: till sales whose
 * posting has not arrived, and hidden shrink no count has found. A short pick or an oversold line
 * is traced to them (docs/simulator.md, "Tracing cancellations"). A sale leaves the list when its
 * posting arrives; a count taken at time t settles every loss up to t, because the ledger applies
 * the count as of t (a sale posted later with an earlier time moves nothing).
 */
export class UnrecordedLosses {
  private readonly byKey = new Map<string, Loss[]>();
  private readonly keyOfEvent = new Map<string, string>();
  /** Till sales already posted, per key (the newest): they explain a promised unit gone from the shelf. */
  private readonly postedSales = new Map<string, readonly { readonly sale: Loss; readonly postedAtMs: number }[]>();
  /** The losses the latest count that found any settled, per key, and when it was taken. */
  private readonly foundByCount = new Map<string, { readonly atMs: number; readonly losses: readonly Loss[] }>();

  private static key(sku: string, node: string): string {
    return `${sku}|${node}`;
  }

  saleNotPosted(sku: string, node: string, eventId: string, atMs: number, units: number): void {
    const key = UnrecordedLosses.key(sku, node);
    this.push(key, { kind: 'late_pos_posting', atMs, units, eventId });
    this.keyOfEvent.set(eventId, key);
  }

  /** The sale's posting arrived at `postedAtMs` (a duplicate finds nothing left to remove); it is kept as a recorded till sale. */
  salePosted(eventId: string, postedAtMs: number): void {
    const key = this.keyOfEvent.get(eventId);
    if (key === undefined) return;
    this.keyOfEvent.delete(eventId);
    const sale = this.byKey.get(key)?.find((l) => l.eventId === eventId);
    this.keep(key, (l) => l.eventId !== eventId);
    if (sale !== undefined) {
      const posted = [...(this.postedSales.get(key) ?? []), { sale, postedAtMs }];
      this.postedSales.set(key, posted.slice(-FOUND_KEPT_MAX));
    }
  }

  shrunk(sku: string, node: string, atMs: number, units: number): void {
    this.push(UnrecordedLosses.key(sku, node), { kind: 'hidden_shrink', atMs, units, eventId: null });
  }

  /** A count taken at `countedAtMs` reached the ledger. */
  counted(sku: string, node: string, countedAtMs: number): void {
    const key = UnrecordedLosses.key(sku, node);
    const settled = (this.byKey.get(key) ?? []).filter((l) => l.atMs <= countedAtMs);
    for (const l of settled) if (l.eventId !== null) this.keyOfEvent.delete(l.eventId);
    // A later count that finds nothing keeps the earlier finding: orders promised before it may still pick short.
    const earlier = this.foundByCount.get(key);
    if (settled.length > 0 || earlier === undefined) this.foundByCount.set(key, { atMs: countedAtMs, losses: settled.slice(-FOUND_KEPT_MAX) });
    this.keep(key, (l) => l.atMs > countedAtMs);
  }

  /**
   * Unrecorded losses at the key; else the ones its latest count found; else till sales posted
   * since `promisedAtMs`: made before it, they were late postings the promise could not see; made
   * after it, they took units the order was promised.
   */
  explain(sku: string, node: string, promisedAtMs: number): LossExplanation {
    const key = UnrecordedLosses.key(sku, node);
    const open = this.byKey.get(key) ?? [];
    const found = this.foundByCount.get(key);
    // Posted after the promise: a sale before it was a late posting the promise could not see; one after it took a promised unit.
    const sales = (this.postedSales.get(key) ?? [])
      .filter((p) => p.postedAtMs >= promisedAtMs)
      .map(({ sale }) => (sale.atMs < promisedAtMs ? sale : { ...sale, kind: 'till_sale_of_promised_unit' as const }));
    const [losses, foundAt] = open.length > 0 ? [open, null] : found !== undefined && found.losses.length > 0 ? [found.losses, found.atMs] : [sales, null];
    const out: { kind: Loss['kind']; units: number; sinceMs: number; foundByCountAtMs: number | null }[] = [];
    for (const l of losses) {
      const entry = out.find((e) => e.kind === l.kind);
      if (entry === undefined) out.push({ kind: l.kind, units: l.units, sinceMs: l.atMs, foundByCountAtMs: foundAt });
      else {
        entry.units += l.units;
        entry.sinceMs = Math.min(entry.sinceMs, l.atMs);
      }
    }
    return out;
  }

  private push(key: string, loss: Loss): void {
    const list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, [loss]);
    else list.push(loss);
  }

  private keep(key: string, predicate: (l: Loss) => boolean): void {
    const list = this.byKey.get(key);
    if (list === undefined) return;
    const kept = list.filter(predicate);
    if (kept.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, kept);
  }
}

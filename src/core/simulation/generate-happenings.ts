import type { Scenario } from './scenario-schema.ts';
import type { SimWorld } from './scenario-world.ts';
import { drawWeighted, type SeededRandom } from './seeded-random.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** An order line a customer wants. */
export type WantedLine = { readonly sku: string; readonly qty: number };

/**
 * What happens in the world during a scenario, independent of how stock is synchronised: the
 * same list drives both runs. Times are business epoch ms; delays say when the world's
 * integrations report a fact, not when it happened.
 */
export type Happening =
  | {
      readonly kind: 'pos';
      readonly atMs: number;
      readonly eventId: string;
      readonly node: string;
      readonly sku: string;
      readonly qty: number;
      readonly postDelayMs: number;
      readonly duplicate: boolean;
    }
  | {
      readonly kind: 'order';
      readonly atMs: number;
      readonly channel: string;
      readonly flow: 'reserve' | 'place' | 'pickup';
      readonly orderRef: string;
      /** The store the customer collects from (`pickup` flow): one that carries the first line's SKU. */
      readonly pickupNode: string | null;
      readonly lines: readonly WantedLine[];
      readonly shipTo: { readonly latitude: number; readonly longitude: number };
      readonly pickDelayMs: number;
    }
  | { readonly kind: 'shrink'; readonly atMs: number; readonly node: string; readonly sku: string; readonly qty: number }
  | { readonly kind: 'count'; readonly atMs: number; readonly eventId: string; readonly node: string; readonly sku: string; readonly postDelayMs: number }
  | {
      readonly kind: 'transfer';
      readonly atMs: number;
      readonly transferId: string;
      readonly from: string;
      readonly to: string;
      readonly sku: string;
      readonly qty: number;
      readonly expectedTransitMs: number;
      readonly transitMs: number;
    }
  | { readonly kind: 'malformed'; readonly atMs: number; readonly eventId: string };

/** Poisson arrival times in [startMs, endMs) at `perHour`, kept where `open(t)` holds (thinning). */
function arrivals(rng: SeededRandom, startMs: number, endMs: number, perHour: number, open: (t: number) => boolean): number[] {
  if (perHour <= 0) return [];
  const times: number[] = [];
  for (let t = startMs + rng.exponential(HOUR_MS / perHour); t < endMs; t += rng.exponential(HOUR_MS / perHour)) {
    if (open(t)) times.push(Math.floor(t));
  }
  return times;
}

/** Promotion support: which SKUs are on promotion, and a weight table over them. */
function promotionTable(s: Scenario, world: SimWorld) {
  const promoted = new Set(s.demand.promotion.categories);
  const indexes = world.skus.flatMap((k, i) => (promoted.has(k.category) ? [i] : []));
  let acc = 0;
  const cumulative = indexes.map((i) => (acc += world.skus[i]?.weight ?? 0));
  return { indexes, cumulative, share: acc };
}

type Draw = (rng: SeededRandom, atMs: number) => number;

/** Demand of one stream: base arrivals by weight, plus the promotion's extra arrivals on promoted SKUs. */
function demandTimes(s: Scenario, world: SimWorld, rng: SeededRandom, startMs: number, perHour: number, open: (t: number) => boolean) {
  const endMs = startMs + s.durationHours * HOUR_MS;
  const promo = promotionTable(s, world);
  const from = startMs + s.demand.promotion.fromHour * HOUR_MS;
  const to = Math.min(endMs, startMs + s.demand.promotion.toHour * HOUR_MS);
  const base = arrivals(rng.fork('base'), startMs, endMs, perHour, open).map((t) => ({ t, promo: false }));
  const extraRate = perHour * promo.share * (s.demand.promotion.multiplier - 1);
  const extra = promo.indexes.length === 0 || to <= from ? [] : arrivals(rng.fork('promo'), from, to, extraRate, open).map((t) => ({ t, promo: true }));
  const draw: Draw = (r) => drawWeighted(world.cumulativeWeight, r.next());
  const drawPromo: Draw = (r) => promo.indexes[drawWeighted(promo.cumulative, r.next())] as number;
  return [...base, ...extra].sort((a, b) => a.t - b.t).map((a) => ({ atMs: a.t, draw: a.promo ? drawPromo : draw }));
}

const qtyOf = (s: Scenario, rng: SeededRandom) => (rng.chance(s.demand.singleUnitShare) ? 1 : 2);

function posDelayMs(s: Scenario, rng: SeededRandom): number {
  const d = s.faults.posDelay;
  if (rng.chance(d.lateShare)) return Math.round((d.lateMinutes.min + rng.next() * (d.lateMinutes.max - d.lateMinutes.min)) * MINUTE_MS);
  return Math.max(1_000, Math.round(rng.logNormal(d.medianSeconds, d.sigma) * 1_000));
}

function posHappenings(s: Scenario, world: SimWorld, rng: SeededRandom, startMs: number): Happening[] {
  const { open, close } = s.demand.storeHours;
  const isOpen = (t: number) => {
    const hour = new Date(t).getUTCHours();
    return hour >= open && hour < close;
  };
  return demandTimes(s, world, rng.fork('times'), startMs, s.demand.posSalesPerHour, isOpen).map(({ atMs, draw }, i) => {
    const sku = world.skus[draw(rng, atMs)];
    if (sku === undefined) throw new Error('drawn SKU out of range');
    return {
      kind: 'pos',
      atMs,
      eventId: `pos-${i + 1}`,
      node: rng.pick(sku.stores),
      sku: sku.sku,
      qty: qtyOf(s, rng),
      postDelayMs: posDelayMs(s, rng),
      duplicate: rng.chance(s.faults.duplicateShare),
    };
  });
}

function orderHappenings(s: Scenario, world: SimWorld, rng: SeededRandom, startMs: number): Happening[] {
  const out: Happening[] = [];
  for (const [channel, c] of Object.entries(s.channels)) {
    const r = rng.fork(`orders:${channel}`);
    demandTimes(s, world, r.fork('times'), startMs, c.ordersPerHour, () => true).forEach(({ atMs, draw }, i) => {
      const first = world.skus[draw(r, atMs)];
      if (first === undefined) throw new Error('drawn SKU out of range');
      const lines: WantedLine[] = [{ sku: first.sku, qty: qtyOf(s, r) }];
      const pickupNode = c.flow === 'pickup' ? r.pick(first.stores) : null;
      if (r.chance(s.demand.secondLineShare)) {
        const second = world.skus[draw(r, atMs)];
        // A pickup order's second line must be carried by the same store.
        const fits = second !== undefined && second.sku !== first.sku && (pickupNode === null || second.stores.includes(pickupNode));
        if (fits) lines.push({ sku: second.sku, qty: qtyOf(s, r) });
      }
      const pick = s.fulfilment.pickDelayMinutes;
      out.push({
        kind: 'order',
        atMs,
        channel,
        flow: c.flow,
        orderRef: `${channel}-${i + 1}`,
        pickupNode,
        lines,
        shipTo: { latitude: Math.round((50.6 + r.next() * 5) * 100) / 100, longitude: Math.round((-4.2 + r.next() * 5.6) * 100) / 100 },
        pickDelayMs: Math.round((pick.min + r.next() * (pick.max - pick.min)) * MINUTE_MS),
      });
    });
  }
  return out;
}

function faultHappenings(s: Scenario, world: SimWorld, rng: SeededRandom, startMs: number): Happening[] {
  const endMs = startMs + s.durationHours * HOUR_MS;
  const f = s.faults;
  const out: Happening[] = [];
  const anySku = (r: SeededRandom) => world.skus[drawWeighted(world.cumulativeWeight, r.next())];
  const r1 = rng.fork('shrink');
  for (const atMs of arrivals(r1, startMs, endMs, f.hiddenShrinkPerHour, () => true)) {
    const sku = anySku(r1);
    if (sku) out.push({ kind: 'shrink', atMs, node: r1.pick(sku.stores), sku: sku.sku, qty: 1 });
  }
  const r2 = rng.fork('counts');
  arrivals(r2, startMs, endMs, f.cycleCounts.perHour, () => true).forEach((atMs, i) => {
    const sku = anySku(r2);
    const delay = f.cycleCounts.postingDelayMinutes;
    if (sku)
      out.push({
        kind: 'count',
        atMs,
        eventId: `count-${i + 1}`,
        node: r2.pick(sku.stores),
        sku: sku.sku,
        postDelayMs: Math.round((delay.min + r2.next() * (delay.max - delay.min)) * MINUTE_MS),
      });
  });
  const r3 = rng.fork('transfers');
  arrivals(r3, startMs, endMs, f.transfers.perHour, () => true).forEach((atMs, i) => {
    const sku = anySku(r3);
    if (!sku) return;
    const expectedTransitMs = Math.round(f.transfers.transitHours * HOUR_MS);
    const late = r3.chance(f.transfers.lateShare)
      ? Math.round((f.transfers.lateHours.min + r3.next() * (f.transfers.lateHours.max - f.transfers.lateHours.min)) * HOUR_MS)
      : 0;
    const qty = r3.int(Math.max(1, f.transfers.unitsPerTransfer.min), Math.max(1, f.transfers.unitsPerTransfer.max));
    out.push({
      kind: 'transfer',
      atMs,
      transferId: `tr-${i + 1}`,
      from: r3.pick(world.dcs),
      to: r3.pick(sku.stores),
      sku: sku.sku,
      qty,
      expectedTransitMs,
      transitMs: expectedTransitMs + late,
    });
  });
  return out;
}

/**
 * Everything that happens during the scenario, in time order (ties keep generation order). The
 * malformed events are a share of the POS stream, as a flaky till integration would send them.
 */
export function generateHappenings(s: Scenario, world: SimWorld, rng: SeededRandom): Happening[] {
  const startMs = Date.parse(s.start);
  const pos = posHappenings(s, world, rng.fork('pos'), startMs);
  const r = rng.fork('malformed');
  const malformed: Happening[] = pos
    .filter(() => r.chance(s.faults.malformedShare))
    .map((p, i) => ({ kind: 'malformed', atMs: p.atMs, eventId: `bad-${i + 1}` }));
  const all = [...pos, ...orderHappenings(s, world, rng.fork('orders'), startMs), ...faultHappenings(s, world, rng.fork('faults'), startMs), ...malformed];
  return all
    .map((h, i) => ({ h, i }))
    .sort((a, b) => a.h.atMs - b.h.atMs || a.i - b.i)
    .map((x) => x.h);
}

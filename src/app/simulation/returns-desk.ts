import { buildEvent } from '../../core/events/build-event.ts';
import type { Scenario } from '../../core/simulation/scenario-schema.ts';
import type { SimWorld } from '../../core/simulation/scenario-world.ts';
import type { SeededRandom } from '../../core/simulation/seeded-random.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';

const HOUR_MS = 3_600_000;

/** A delivered order line set: a till sale, or what one fulfilment order shipped. */
export type Delivery = {
  readonly orderRef: string;
  readonly channel: string;
  /** The node that sold or shipped it. */
  readonly node: string;
  readonly deliveredAtMs: number;
  readonly lines: readonly { readonly sku: string; readonly qty: number; readonly serials: readonly string[] }[];
};

type ReturnedUnit = { readonly sku: string; readonly serial: string | null };

/** The next step of one customer return, due at `atMs`. */
export type ReturnParcel =
  | { readonly step: 'arrive'; readonly atMs: number; readonly orderRef: string; readonly channel: string; readonly node: string; readonly unit: ReturnedUnit }
  | { readonly step: 'inspect'; readonly atMs: number; readonly returnId: string; readonly node: string; readonly unit: ReturnedUnit }
  | { readonly step: 'refurbished'; readonly atMs: number; readonly returnId: string; readonly node: string; readonly unit: ReturnedUnit };

/** What one step did: events sent, units back on the shelf, the cycle time when a unit was restocked, and the next step. */
export type ReturnStepOutcome = {
  readonly eventsSent: number;
  readonly authorised: boolean;
  readonly backOnShelf: readonly { readonly sku: string; readonly node: string; readonly qty: number }[];
  readonly returnToStockHours: number | null;
  readonly next: ReturnParcel | null;
};

const between = (rng: SeededRandom, r: { readonly min: number; readonly max: number }) => r.min + rng.next() * (r.max - r.min);

/** Draws a key of `weights` in proportion to its weight. */
function drawKey<K extends string>(rng: SeededRandom, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let u = rng.next() * total;
  for (const [key, w] of entries) {
    if (u < w) return key;
    u -= w;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

/**
 * Customer returns in a simulation (docs/simulator.md, "Returns"): which delivered units come back
 * (a seeded share of deliveries, one unit each), where they are received (the returns centre, or
 * the node that sold or shipped them), how they grade at inspection, and how refurbishment ends.
 * Each step goes through the target like an integration would: `POST /v1/returns` and
 * `return.received` on arrival, `return.inspected` after the inspection delay (the engine's
 * policy disposes), `refurbish.completed` after refurbishment.
 */
export class ReturnsDesk {
  private seq = 0;
  private readonly returnIds: string[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly world: SimWorld,
    private readonly rng: SeededRandom,
  ) {}

  /** The return this delivery produces, if any. */
  plan(delivery: Delivery): ReturnParcel | null {
    const r = this.scenario.returns;
    const line = delivery.lines[0];
    if (r === undefined || line === undefined || !this.rng.chance(r.share)) return null;
    const sold = line.serials[0] ?? null;
    const mismatch = sold !== null && this.rng.chance(r.serialMismatchShare);
    const serial = mismatch ? `${line.sku}-FOREIGN${++this.seq}` : sold;
    const node = delivery.channel === 'pos' ? delivery.node : (this.world.returnsCentre ?? delivery.node);
    const atMs = Math.round(delivery.deliveredAtMs + between(this.rng, r.afterHours) * HOUR_MS);
    return { step: 'arrive', atMs, orderRef: delivery.orderRef, channel: delivery.channel, node, unit: { sku: line.sku, serial } };
  }

  async perform(p: ReturnParcel, target: SimulationTarget, nowMs: number): Promise<ReturnStepOutcome> {
    const r = this.scenario.returns;
    if (r === undefined) throw new Error('a return step in a scenario without returns');
    const event = (type: string, data: unknown) => buildEvent(`${type}:${++this.seq}`, 'simulator/returns', type, nowMs, data);
    const unitLine = (u: ReturnedUnit) => ({ sku: u.sku, ...(u.serial !== null && { serial: u.serial }) });
    switch (p.step) {
      case 'arrive': {
        const opened = await target.openReturn({
          orderRef: p.orderRef,
          channel: p.channel,
          node: p.node,
          reason: 'customer return',
          lines: [{ sku: p.unit.sku, qty: 1, ...(p.unit.serial !== null && { serials: [p.unit.serial] }) }],
        });
        if ('error' in opened) throw new Error(`the simulated return of ${p.orderRef} was refused: ${opened.error}`);
        this.returnIds.push(opened.id);
        await target.ingest([event('return.received', { returnId: opened.id })]);
        const next = {
          step: 'inspect' as const,
          atMs: nowMs + Math.round(between(this.rng, r.inspectionDelayHours) * HOUR_MS),
          returnId: opened.id,
          node: p.node,
          unit: p.unit,
        };
        return { eventsSent: 2, authorised: true, backOnShelf: [], returnToStockHours: null, next };
      }
      case 'inspect': {
        const line = { ...unitLine(p.unit), grade: drawKey(this.rng, r.grades), packaging: drawKey(this.rng, r.packaging) };
        await target.ingest([event('return.inspected', { returnId: p.returnId, lines: [line] })]);
        return this.afterDisposition(p, target, nowMs);
      }
      case 'refurbished': {
        const outcome = this.rng.chance(r.refurbishRestockShare) ? 'restock' : 'damaged';
        await target.ingest([event('refurbish.completed', { returnId: p.returnId, lines: [{ ...unitLine(p.unit), outcome }] })]);
        return this.afterDisposition(p, target, nowMs);
      }
    }
  }

  /** Returned units by their state now, over every return this desk opened. */
  async unitsByState(target: SimulationTarget): Promise<Record<string, number>> {
    const states: Record<string, number> = {};
    for (const id of this.returnIds) {
      for (const u of (await target.returnOf(id))?.units ?? []) states[u.state] = (states[u.state] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(states).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Reads where the engine's policy sent the unit: back on the shelf, to refurbishment, or out of stock. */
  private async afterDisposition(p: Extract<ReturnParcel, { returnId: string }>, target: SimulationTarget, nowMs: number): Promise<ReturnStepOutcome> {
    const r = this.scenario.returns;
    const view = await target.returnOf(p.returnId);
    const unit = view?.units[0];
    if (view === undefined || unit === undefined || r === undefined) throw new Error(`the simulated return ${p.returnId} is missing`);
    const restocked = unit.state === 'restocked';
    const cycle = restocked && view.receivedAtMs !== null && view.restockedAtMs !== null ? (view.restockedAtMs - view.receivedAtMs) / HOUR_MS : null;
    const next: ReturnParcel | null =
      unit.state === 'refurbishing' && p.step === 'inspect'
        ? { step: 'refurbished', atMs: nowMs + Math.round(between(this.rng, r.refurbishHours) * HOUR_MS), returnId: p.returnId, node: p.node, unit: p.unit }
        : null;
    return { eventsSent: 1, authorised: false, backOnShelf: restocked ? [{ sku: p.unit.sku, node: p.node, qty: 1 }] : [], returnToStockHours: cycle, next };
  }
}

import { onHand } from '../../core/ledger/position.ts';
import type { Happening, WantedLine } from '../../core/simulation/generate-happenings.ts';
import { PhysicalStock } from '../../core/simulation/physical-stock.ts';
import type { SimWorld } from '../../core/simulation/scenario-world.ts';
import { emptyTally, outcomeOf, type RunOutcome, type RunTally, type SyncMode } from '../../core/simulation/simulation-outcome.ts';
import { Timeline } from '../../core/simulation/timeline.ts';
import { ChannelView } from './channel-view.ts';
import type { SimulationEngine } from './simulation-engine.ts';

/** Things the runner does at a simulated time, besides the world's happenings. */
type Agenda =
  | { readonly kind: 'world'; readonly happening: Happening }
  | { readonly kind: 'arrive'; readonly event: Record<string, unknown> }
  | { readonly kind: 'transfer_arrives'; readonly happening: Extract<Happening, { kind: 'transfer' }>; readonly qty: number }
  | { readonly kind: 'pick'; readonly orderId: string; readonly round: number; readonly pickDelayMs: number }
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'sample' };

/** Re-sourced fulfilment orders are picked again at most this many times per order. */
const PICK_ROUNDS_MAX = 10;
const CHUNK_SKUS = 200;
const DUPLICATE_RESEND_MS = 60_000;

export type RunInput = {
  readonly world: SimWorld;
  readonly happenings: readonly Happening[];
  readonly startMs: number;
  readonly endMs: number;
  readonly sampleEveryMs: number;
  readonly sync: SyncMode;
  /** Called after each world happening: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Wall time, for `wallSeconds` only (never for simulated time). */
  readonly wallNowMs: () => number;
};

const cloudEvent = (id: string, source: string, type: string, atMs: number, data: unknown) => ({
  specversion: '1.0',
  id,
  source,
  type,
  time: new Date(atMs).toISOString(),
  data,
});

/**
 * One run of a scenario through the real engine in simulated time (docs/simulator.md): world
 * happenings, delayed postings, picks and snapshots are taken from one timeline, soonest first;
 * the engine's clock is set to each item's time, so nothing sleeps and a seed replays exactly.
 */
export class SimulationRun {
  private readonly timeline = new Timeline<Agenda>();
  private readonly physical = new PhysicalStock();
  private readonly tally: RunTally = emptyTally();
  private readonly view: ChannelView;
  /** Accepted orders and the lines the customer was promised. */
  private readonly accepted = new Map<string, readonly WantedLine[]>();
  private readonly unitCost = new Map<string, number>();
  private pendingArrivalsMs: number[] = [];
  private lastMs = 0;

  constructor(
    private readonly engine: SimulationEngine,
    private readonly input: RunInput,
  ) {
    this.view = new ChannelView(engine.store, input.sync);
    for (const item of input.world.items) this.unitCost.set(item.sku, item.unitCost);
    for (const line of input.world.openingStock) this.physical.add(line.sku, line.node, line.qty);
  }

  async run(): Promise<RunOutcome> {
    const wallStart = this.input.wallNowMs();
    const { happenings, startMs, endMs, sampleEveryMs, sync } = this.input;
    for (const happening of happenings) this.timeline.add(happening.atMs, { kind: 'world', happening });
    for (let t = startMs; t <= endMs; t += sampleEveryMs) this.timeline.add(t, { kind: 'sample' });
    if (sync.kind === 'batch') this.timeline.add(startMs, { kind: 'snapshot' });
    let done = 0;
    for (let next = this.timeline.take(); next !== undefined; next = this.timeline.take()) {
      this.lastMs = Math.max(next.atMs, this.lastMs + 1);
      this.engine.clock.set(this.lastMs);
      await this.handle(next.item);
      if (next.item.kind === 'world') this.input.onProgress?.(++done, happenings.length);
    }
    await this.settleOrders();
    await this.countCases();
    this.tally.wallSeconds = (this.input.wallNowMs() - wallStart) / 1000;
    return outcomeOf(sync, this.tally);
  }

  private async handle(item: Agenda): Promise<void> {
    switch (item.kind) {
      case 'world':
        return this.world(item.happening);
      case 'arrive':
        return this.ingest([item.event], true);
      case 'transfer_arrives':
        this.physical.add(item.happening.sku, item.happening.to, item.qty);
        return this.ingest(
          [
            cloudEvent(`${item.happening.transferId}-rcv`, 'simulator/wms', 'transfer.received', this.lastMs, {
              sku: item.happening.sku,
              node: item.happening.to,
              qty: item.qty,
              transferId: item.happening.transferId,
            }),
          ],
          true,
        );
      case 'pick':
        return this.pick(item.orderId, item.round, item.pickDelayMs);
      case 'snapshot':
        return this.snapshot();
      case 'sample':
        return this.sample();
    }
  }

  private async world(h: Happening): Promise<void> {
    const now = this.lastMs;
    switch (h.kind) {
      case 'pos': {
        this.tally.unitsDemanded += h.qty;
        const sold = this.physical.take(h.sku, h.node, h.qty);
        if (sold === 0) return; // the shelf was empty: a lost till sale, nothing to post
        this.tally.unitsFulfilled += sold;
        const event = cloudEvent(h.eventId, 'simulator/pos', 'pos.sale', h.atMs, { sku: h.sku, node: h.node, qty: sold });
        this.timeline.add(now + h.postDelayMs, { kind: 'arrive', event });
        if (h.duplicate) this.timeline.add(now + h.postDelayMs + DUPLICATE_RESEND_MS, { kind: 'arrive', event });
        return;
      }
      case 'order':
        return this.order(h);
      case 'shrink':
        this.physical.take(h.sku, h.node, h.qty);
        return;
      case 'count': {
        const event = cloudEvent(h.eventId, 'simulator/wms', 'wms.cycle_count', h.atMs, {
          sku: h.sku,
          node: h.node,
          countedQty: this.physical.on(h.sku, h.node),
        });
        this.timeline.add(now + h.postDelayMs, { kind: 'arrive', event });
        return;
      }
      case 'transfer': {
        const qty = this.physical.take(h.sku, h.from, h.qty);
        if (qty === 0) return;
        const data = {
          sku: h.sku,
          node: h.from,
          qty,
          toNode: h.to,
          transferId: h.transferId,
          expectedAt: new Date(h.atMs + h.expectedTransitMs).toISOString(),
        };
        await this.ingest([cloudEvent(`${h.transferId}-shp`, 'simulator/wms', 'transfer.shipped', h.atMs, data)], true);
        this.timeline.add(now + h.transitMs, { kind: 'transfer_arrives', happening: h, qty });
        return;
      }
      case 'malformed':
        // A flaky till integration: a sale with no SKU and a zero quantity. The engine must dead-letter it.
        return this.ingest([cloudEvent(h.eventId, 'simulator/pos', 'pos.sale', h.atMs, { sku: '', node: 'ST-0001', qty: 0 })], false);
    }
  }

  /** Hands events to the engine as they arrive; accepted ledger events count towards latency. */
  private async ingest(events: readonly Record<string, unknown>[], ledger: boolean): Promise<void> {
    this.tally.eventsProcessed += events.length;
    const verdicts = await this.engine.ingestor.ingest(events, { allowedSource: null });
    if (!ledger) return;
    for (const v of verdicts) {
      if (v.status !== 'accepted') continue;
      // Event mode: the projection is written in the ingesting transaction, so channels see it at arrival.
      if (this.input.sync.kind === 'event') this.tally.latenciesMs.push(0);
      else this.pendingArrivalsMs.push(this.lastMs);
    }
  }

  private async snapshot(): Promise<void> {
    const skus = this.input.world.skus.map((k) => k.sku);
    const channels = this.input.world.channels.filter((c) => c.channelId !== 'pos').map((c) => c.channelId);
    await this.view.takeSnapshot(channels, skus);
    for (const arrivedMs of this.pendingArrivalsMs) this.tally.latenciesMs.push(this.lastMs - arrivedMs);
    this.pendingArrivalsMs = [];
    const sync = this.input.sync;
    // Keep syncing while anything is still to happen (late postings, picks after the window).
    if (sync.kind === 'batch' && this.timeline.size > 0) this.timeline.add(this.lastMs + sync.intervalMs, { kind: 'snapshot' });
  }

  private async sample(): Promise<void> {
    const skus = this.input.world.skus.map((k) => k.sku);
    const nodes = this.input.world.nodes.map((n) => n.nodeId);
    let value = 0;
    for (let i = 0; i < skus.length; i += CHUNK_SKUS) {
      for (const p of await this.engine.store.ledger.positionsAt(skus.slice(i, i + CHUNK_SKUS), nodes)) value += onHand(p) * (this.unitCost.get(p.sku) ?? 0);
    }
    this.tally.inventoryValueSamples.push(value);
  }

  /** A customer checks out: lines the channel shows are accepted, then placed (or reserved and confirmed). */
  private async order(h: Extract<Happening, { kind: 'order' }>): Promise<void> {
    const lines: WantedLine[] = [];
    for (const line of h.lines) {
      this.tally.unitsDemanded += line.qty;
      if ((await this.view.units(h.channel, line.sku)) >= line.qty) lines.push(line);
    }
    if (lines.length === 0) return; // the storefront showed none: a lost sale, never an oversell
    this.tally.ordersAccepted += 1;
    for (const line of lines) this.view.sold(h.channel, line.sku, line.qty);
    const orderId = await this.submit(h, lines);
    this.tally.eventsProcessed += h.flow === 'reserve' ? 2 : 1;
    if (orderId === null) {
      // Accepted against the view, refused by the ledger: every line is cancelled for want of stock.
      this.tally.linesCancelled += lines.length;
      this.tally.oversoldUnits += lines.reduce((sum, l) => sum + l.qty, 0);
      return;
    }
    this.accepted.set(orderId, lines);
    this.timeline.add(this.lastMs + h.pickDelayMs, { kind: 'pick', orderId, round: 1, pickDelayMs: h.pickDelayMs });
  }

  /** The order id, or null when the engine could not allocate it. */
  private async submit(h: Extract<Happening, { kind: 'order' }>, lines: readonly WantedLine[]): Promise<string | null> {
    const request = { channel: h.channel, orderRef: h.orderRef, lines, shipTo: h.shipTo };
    if (h.flow === 'place') {
      const placed = await this.engine.orders.place.place(request, null);
      return placed.ok ? placed.value.order.id : null;
    }
    const held = await this.engine.orders.reserve.reserve(request, h.orderRef);
    if (!held.ok) return null;
    const confirmed = await this.engine.orders.confirm.confirm(held.value.reservation.id);
    return confirmed.ok ? confirmed.value.id : null;
  }

  /**
   * The nodes pick the order's allocated fulfilment orders from what is physically there: a full
   * pick ships; a short one is reported, and the engine re-sources, substitutes or cancels.
   */
  private async pick(orderId: string, round: number, pickDelayMs: number): Promise<void> {
    const order = await this.engine.store.workflows.order(orderId);
    if (order === undefined) throw new Error(`simulated order ${orderId} is missing`);
    const events: Record<string, unknown>[] = [];
    for (const fo of order.fulfilmentOrders) {
      if (fo.status !== 'allocated') continue;
      const id = fo.id.replace('/', ':');
      const short: { sku: string; pickedQty: number }[] = [];
      let pickedUnits = 0;
      for (const line of fo.lines) {
        const found = this.physical.take(line.sku, fo.node, line.qty);
        pickedUnits += found;
        if (found < line.qty) short.push({ sku: line.sku, pickedQty: found });
      }
      if (short.length > 0)
        events.push(cloudEvent(`short:${id}`, 'simulator/wms', 'fulfillment.short_picked', this.lastMs, { fulfilmentOrderId: fo.id, picked: short }));
      if (pickedUnits > 0) events.push(cloudEvent(`ship:${id}`, 'simulator/wms', 'fulfillment.shipped', this.lastMs, { fulfilmentOrderId: fo.id }));
    }
    if (events.length > 0) await this.ingest(events, false);
    const after = await this.engine.store.workflows.order(orderId);
    const rerouted = after?.fulfilmentOrders.some((fo) => fo.status === 'allocated') ?? false;
    if (rerouted && round < PICK_ROUNDS_MAX) this.timeline.add(this.lastMs + pickDelayMs, { kind: 'pick', orderId, round: round + 1, pickDelayMs });
  }

  /** After the last pick: what each accepted order shipped; the rest of its promise was oversold. */
  private async settleOrders(): Promise<void> {
    for (const [orderId, lines] of this.accepted) {
      const order = await this.engine.store.workflows.order(orderId);
      const shipped = new Map<string, number>();
      for (const fo of order?.fulfilmentOrders ?? []) {
        if (fo.status !== 'shipped') continue;
        for (const l of fo.lines) shipped.set(l.sku, (shipped.get(l.sku) ?? 0) + (l.pickedQty ?? l.qty));
      }
      for (const line of lines) {
        const got = Math.min(line.qty, shipped.get(line.sku) ?? 0);
        this.tally.unitsFulfilled += got;
        if (got < line.qty) {
          this.tally.linesCancelled += 1;
          this.tally.oversoldUnits += line.qty - got;
        }
      }
    }
  }

  /** Cases the run opened, and those the engine resolved by itself (closed by `system` with a reason). */
  private async countCases(): Promise<void> {
    let cursor: string | null = null;
    do {
      const page = await this.engine.store.cases.list({}, { cursor, limit: 500 });
      for (const c of page.items) {
        this.tally.casesOpened += 1;
        if (c.autoReason !== null) this.tally.casesAutoResolved += 1;
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
}

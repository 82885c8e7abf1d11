import { buildEvent } from '../../core/events/build-event.ts';
import { BUCKETS } from '../../core/ledger/buckets.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from '../../core/ledger/position.ts';
import type { Happening, WantedLine } from '../../core/simulation/generate-happenings.ts';
import { PhysicalStock } from '../../core/simulation/physical-stock.ts';
import type { BucketSample, CancellationCause, CancellationTrace, CaseTally, RunDetail } from '../../core/simulation/run-detail.ts';
import type { Scenario } from '../../core/simulation/scenario-schema.ts';
import type { SimWorld } from '../../core/simulation/scenario-world.ts';
import type { SeededRandom } from '../../core/simulation/seeded-random.ts';
import { emptyTally, outcomeOf, type RunOutcome, type RunTally, type SyncMode } from '../../core/simulation/simulation-outcome.ts';
import { Timeline } from '../../core/simulation/timeline.ts';
import { type LossExplanation, UnrecordedLosses } from '../../core/simulation/unrecorded-losses.ts';
import type { SimulationOrderRequest, SimulationTarget } from '../../ports/simulation-target.ts';
import { ChannelView } from './channel-view.ts';
import { type ReturnParcel, ReturnsDesk } from './returns-desk.ts';

/** Things the runner does at a simulated time, besides the world's happenings. */
type Agenda =
  | { readonly kind: 'world'; readonly happening: Happening }
  | { readonly kind: 'arrive'; readonly event: Record<string, unknown> }
  | { readonly kind: 'transfer_arrives'; readonly happening: Extract<Happening, { kind: 'transfer' }>; readonly qty: number }
  | { readonly kind: 'pick'; readonly orderId: string; readonly round: number; readonly pickDelayMs: number }
  | { readonly kind: 'return'; readonly step: ReturnParcel }
  | { readonly kind: 'precount'; readonly eventId: string; readonly sku: string; readonly node: string }
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'sample' };

/** Re-sourced fulfilment orders are picked again at most this many times per order. */
const PICK_ROUNDS_MAX = 10;
const CHUNK_SKUS = 200;
const DUPLICATE_RESEND_MS = 60_000;
const MINUTE_MS = 60_000;

/** An accepted online order: what the customer was promised, and where it was sold. */
type AcceptedOrder = { readonly orderRef: string; readonly channel: string; readonly lines: readonly WantedLine[]; readonly acceptedAtMs: number };

export type RunInput = {
  readonly scenario: Scenario;
  readonly world: SimWorld;
  readonly happenings: readonly Happening[];
  readonly startMs: number;
  readonly endMs: number;
  readonly sync: SyncMode;
  /** False: the run whose policy has its exposure buffers removed (`label` says so too). */
  readonly exposureBuffers: boolean;
  readonly label: string;
  /** Draws of the run's own decisions (which deliveries come back, inspection grades): forked per run kind, so a seed replays. */
  readonly rng: SeededRandom;
  /** Called after each world happening: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Waits until an item due at simulated `atMs` may run (`omnistock demo` plays in real time); absent = no waiting. */
  readonly pace?: (atMs: number) => Promise<void>;
  /** Wall time, for `wallSeconds` only (never for simulated time). */
  readonly wallNowMs: () => number;
};

export type RunResult = { readonly outcome: RunOutcome; readonly detail: RunDetail };

const clock = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/**
 * One run of a scenario through a simulation target in simulated time (docs/simulator.md): world
 * happenings, delayed postings, picks, returns and snapshots are taken from one timeline, soonest
 * first; the target's clock is set to each item's time, so nothing sleeps and a seed replays exactly.
 * The runner keeps the physical world beside the ledger, so every shortfall is traced to its cause.
 */
export class SimulationRun {
  private readonly timeline = new Timeline<Agenda>();
  private readonly physical = new PhysicalStock();
  private readonly losses = new UnrecordedLosses();
  private readonly tally: RunTally = emptyTally();
  private readonly view: ChannelView;
  private readonly returns: ReturnsDesk;
  private readonly accepted = new Map<string, AcceptedOrder>();
  private readonly unitCost = new Map<string, number>();
  private readonly samples: BucketSample[] = [];
  private readonly cancellations: CancellationTrace[] = [];
  /** Short picks seen per order and SKU: the shortfall's causes, as known when the pick came up short. */
  private readonly shortCauses = new Map<string, { causes: Set<CancellationCause>; details: string[]; node: string }>();
  private readonly flow = { shortUnits: 0, reroutedUnits: 0, substitutedUnits: 0, cancelledUnits: 0, notifications: 0 };
  private pendingArrivalsMs: number[] = [];
  private serialSeq = 0;
  private lastMs = 0;

  constructor(
    private readonly target: SimulationTarget,
    private readonly input: RunInput,
  ) {
    this.view = new ChannelView(target, input.sync);
    this.returns = new ReturnsDesk(input.scenario, input.world, input.rng.fork('returns'));
    for (const item of input.world.items) this.unitCost.set(item.sku, item.unitCost);
    for (const line of input.world.openingStock) this.physical.add(line.sku, line.node, line.qty);
  }

  async run(): Promise<RunResult> {
    const wallStart = this.input.wallNowMs();
    const { happenings, startMs, endMs, sync, scenario } = this.input;
    for (const happening of happenings) this.timeline.add(happening.atMs, { kind: 'world', happening });
    for (let t = startMs; t <= endMs; t += scenario.sampleEveryMinutes * MINUTE_MS) this.timeline.add(t, { kind: 'sample' });
    if (sync.kind === 'batch') this.timeline.add(startMs, { kind: 'snapshot' });
    let done = 0;
    for (let next = this.timeline.take(); next !== undefined; next = this.timeline.take()) {
      this.lastMs = Math.max(next.atMs, this.lastMs + 1);
      if (this.input.pace) await this.input.pace(this.lastMs);
      this.target.setTime(this.lastMs);
      await this.handle(next.item);
      if (next.item.kind === 'world') this.input.onProgress?.(++done, happenings.length);
    }
    await this.settleOrders();
    const cases = await this.countCases();
    this.tally.wallSeconds = (this.input.wallNowMs() - wallStart) / 1000;
    const detail: RunDetail = {
      sync: sync.kind,
      exposureBuffers: this.input.exposureBuffers,
      label: this.input.label,
      samples: this.samples,
      cancellations: this.cancellations,
      cases,
      shortPicks: { ...this.flow },
      returnUnits: await this.returns.unitsByState(this.target),
    };
    return { outcome: outcomeOf(sync, this.tally, this.input.exposureBuffers), detail };
  }

  private async handle(item: Agenda): Promise<void> {
    switch (item.kind) {
      case 'world':
        return this.world(item.happening);
      case 'arrive':
        return this.arrive(item.event);
      case 'transfer_arrives':
        this.physical.add(item.happening.sku, item.happening.to, item.qty);
        return this.ingest(
          [
            buildEvent(`${item.happening.transferId}-rcv`, 'simulator/wms', 'transfer.received', this.lastMs, {
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
      case 'return':
        return this.returnStep(item.step);
      case 'precount':
        return this.count(item.eventId, item.sku, item.node, this.lastMs, 0);
      case 'snapshot':
        return this.snapshot();
      case 'sample':
        return this.sample();
    }
  }

  private serials(sku: string, qty: number): string[] | undefined {
    if (!this.input.scenario.skus.serialized) return undefined;
    return Array.from({ length: qty }, () => `${sku}-SN${String(++this.serialSeq).padStart(7, '0')}`);
  }

  private async world(h: Happening): Promise<void> {
    const now = this.lastMs;
    switch (h.kind) {
      case 'pos': {
        this.tally.unitsDemanded += h.qty;
        const sold = this.physical.take(h.sku, h.node, h.qty);
        if (sold === 0) return; // the shelf was empty: a lost till sale, nothing to post
        this.tally.unitsFulfilled += sold;
        const serials = this.serials(h.sku, sold);
        const event = buildEvent(h.eventId, 'simulator/pos', 'pos.sale', h.atMs, { sku: h.sku, node: h.node, qty: sold, ...(serials && { serials }) });
        this.losses.saleNotPosted(h.sku, h.node, h.eventId, h.atMs, sold);
        this.timeline.add(now + h.postDelayMs, { kind: 'arrive', event });
        if (h.duplicate) this.timeline.add(now + h.postDelayMs + DUPLICATE_RESEND_MS, { kind: 'arrive', event });
        this.scheduleReturn({
          orderRef: h.eventId,
          channel: 'pos',
          node: h.node,
          deliveredAtMs: now,
          lines: [{ sku: h.sku, qty: sold, serials: serials ?? [] }],
        });
        return;
      }
      case 'order':
        return this.order(h);
      case 'shrink': {
        const lost = this.physical.take(h.sku, h.node, h.qty);
        if (lost > 0) this.losses.shrunk(h.sku, h.node, h.atMs, lost);
        return;
      }
      case 'count':
        return this.count(h.eventId, h.sku, h.node, h.atMs, h.postDelayMs);
      case 'transfer': {
        // The DC's WMS ships only units nobody is waiting for: allocated and reserved units stay on the shelf for their orders.
        const [position] = await this.target.positions([h.sku], [h.from]);
        const qty = this.physical.take(h.sku, h.from, Math.min(h.qty, Math.max(0, position?.available ?? 0)));
        if (qty === 0) return;
        const data = {
          sku: h.sku,
          node: h.from,
          qty,
          toNode: h.to,
          transferId: h.transferId,
          expectedAt: new Date(h.atMs + h.expectedTransitMs).toISOString(),
        };
        await this.ingest([buildEvent(`${h.transferId}-shp`, 'simulator/wms', 'transfer.shipped', h.atMs, data)], true);
        this.timeline.add(now + h.transitMs, { kind: 'transfer_arrives', happening: h, qty });
        return;
      }
      case 'malformed':
        // A flaky till integration: a sale with no SKU and a zero quantity. The engine must dead-letter it.
        return this.ingest([buildEvent(h.eventId, 'simulator/pos', 'pos.sale', h.atMs, { sku: '', node: 'ST-0001', qty: 0 })], false);
    }
  }

  /** A count of the shelf as it is now, posted after `postDelayMs`. */
  private count(eventId: string, sku: string, node: string, atMs: number, postDelayMs: number): void {
    const event = buildEvent(eventId, 'simulator/wms', 'wms.cycle_count', atMs, { sku, node, countedQty: this.physical.on(sku, node) });
    this.timeline.add(this.lastMs + postDelayMs, { kind: 'arrive', event });
  }

  /** A delayed event reaches the engine; the losses it records leave the unrecorded list. */
  private async arrive(event: Record<string, unknown>): Promise<void> {
    const data = event.data as { sku: string; node: string };
    if (event.type === 'pos.sale') this.losses.salePosted(String(event.id), this.lastMs);
    if (event.type === 'wms.cycle_count') this.losses.counted(data.sku, data.node, Date.parse(String(event.time)));
    return this.ingest([event], true);
  }

  /** Hands events to the engine as they arrive; accepted ledger events count towards latency. */
  private async ingest(events: readonly Record<string, unknown>[], ledger: boolean): Promise<void> {
    this.tally.eventsProcessed += events.length;
    const verdicts = await this.target.ingest(events);
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

  /** Units and value per bucket over every position. */
  private async sample(): Promise<void> {
    const skus = this.input.world.skus.map((k) => k.sku);
    const nodes = this.input.world.nodes.map((n) => n.nodeId);
    const units: Record<string, number> = { ...ZERO_QUANTITIES };
    const value: Record<string, number> = { ...ZERO_QUANTITIES };
    let onHandValue = 0;
    for (let i = 0; i < skus.length; i += CHUNK_SKUS) {
      for (const p of await this.target.positions(skus.slice(i, i + CHUNK_SKUS), nodes)) {
        const cost = this.unitCost.get(p.sku) ?? 0;
        for (const b of BUCKETS) {
          units[b] = (units[b] ?? 0) + p[b];
          value[b] = (value[b] ?? 0) + p[b] * cost;
          if (b !== 'inbound') onHandValue += p[b] * cost;
        }
      }
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    const rounded = Object.fromEntries(BUCKETS.map((b) => [b, round(value[b] ?? 0)])) as BucketQuantities;
    this.samples.push({ atMs: this.lastMs, units: units as BucketQuantities, value: rounded });
    this.tally.inventoryValueSamples.push(onHandValue);
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
    const request: SimulationOrderRequest = {
      channel: h.channel,
      orderRef: h.orderRef,
      lines,
      ...(h.pickupNode === null ? { shipTo: h.shipTo } : { pickupNode: h.pickupNode }),
    };
    const orderId = h.flow === 'reserve' ? await this.target.reserveAndConfirm(request, h.orderRef) : await this.target.placeOrder(request);
    this.tally.eventsProcessed += h.flow === 'reserve' ? 2 : 1;
    if (orderId === null && h.pickupNode !== null && this.input.sync.kind === 'event') {
      // Click & collect asks the engine live whether the store can hold it: a refusal is the store
      // showing none (a lost sale), not an accepted order later cancelled.
      this.tally.ordersAccepted -= 1;
      return;
    }
    if (orderId === null) {
      // Accepted against the view, refused by the ledger: every line is cancelled for want of stock.
      for (const line of lines) this.cancelAtCheckout(h, line);
      return;
    }
    this.accepted.set(orderId, { orderRef: h.orderRef, channel: h.channel, lines, acceptedAtMs: this.lastMs });
    if (h.pickupNode !== null && this.input.scenario.fulfilment.countBeforePick) {
      // The store counts the shelf before it picks, so the count reaches the ledger first.
      for (const line of lines) {
        const precount = { kind: 'precount' as const, eventId: `precount:${h.orderRef}:${line.sku}`, sku: line.sku, node: h.pickupNode };
        this.timeline.add(this.lastMs + Math.max(1, h.pickDelayMs - MINUTE_MS), precount);
      }
    }
    this.timeline.add(this.lastMs + h.pickDelayMs, { kind: 'pick', orderId, round: 1, pickDelayMs: h.pickDelayMs });
  }

  private cancelAtCheckout(h: Extract<Happening, { kind: 'order' }>, line: WantedLine): void {
    this.tally.linesCancelled += 1;
    this.tally.oversoldUnits += line.qty;
    const stale = this.input.sync.kind === 'batch';
    this.cancellations.push({
      atMs: this.lastMs,
      channel: h.channel,
      orderRef: h.orderRef,
      sku: line.sku,
      node: null,
      units: line.qty,
      causes: [stale ? 'stale_channel_view' : 'refused_at_checkout'],
      detail: stale
        ? `${h.channel} accepted ${line.qty} against its snapshot; the ledger had already given them to another channel or a till`
        : `${h.channel} showed ${line.qty} but the engine refused the order`,
    });
  }

  /**
   * The nodes pick the order's allocated fulfilment orders from what is physically there: a full
   * pick ships; a short one is reported, and the engine re-sources, substitutes or cancels.
   */
  private async pick(orderId: string, round: number, pickDelayMs: number): Promise<void> {
    const order = await this.target.order(orderId);
    if (order === undefined) throw new Error(`simulated order ${orderId} is missing`);
    const events: Record<string, unknown>[] = [];
    const shipped: { node: string; lines: { sku: string; qty: number; serials: string[] }[] }[] = [];
    for (const fo of order.fulfilmentOrders) {
      if (fo.status !== 'allocated') continue;
      const id = fo.id.replace('/', ':');
      const short: { sku: string; pickedQty: number }[] = [];
      const picked: { sku: string; qty: number; serials: string[] }[] = [];
      for (const line of fo.lines) {
        const explanation = this.losses.explain(line.sku, fo.node, this.accepted.get(orderId)?.acceptedAtMs ?? 0);
        const found = this.physical.take(line.sku, fo.node, line.qty);
        if (found > 0) picked.push({ sku: line.sku, qty: found, serials: this.serials(line.sku, found) ?? [] });
        if (found < line.qty) {
          short.push({ sku: line.sku, pickedQty: found });
          this.noteShortfall(orderId, line.sku, fo.node, line.qty - found, explanation);
        }
      }
      if (short.length > 0)
        events.push(buildEvent(`short:${id}`, 'simulator/wms', 'fulfillment.short_picked', this.lastMs, { fulfilmentOrderId: fo.id, picked: short }));
      if (picked.length > 0) {
        const serials = picked.flatMap((p) => p.serials);
        events.push(
          buildEvent(`ship:${id}`, 'simulator/wms', 'fulfillment.shipped', this.lastMs, { fulfilmentOrderId: fo.id, ...(serials.length > 0 && { serials }) }),
        );
        shipped.push({ node: fo.node, lines: picked });
      }
    }
    if (events.length > 0) await this.ingest(events, false);
    const accepted = this.accepted.get(orderId);
    if (accepted !== undefined) {
      for (const s of shipped)
        this.scheduleReturn({ orderRef: accepted.orderRef, channel: accepted.channel, node: s.node, deliveredAtMs: this.lastMs, lines: s.lines });
    }
    const after = await this.target.order(orderId);
    const rerouted = after?.fulfilmentOrders.some((fo) => fo.status === 'allocated') ?? false;
    if (rerouted && round < PICK_ROUNDS_MAX) this.timeline.add(this.lastMs + pickDelayMs, { kind: 'pick', orderId, round: round + 1, pickDelayMs });
  }

  /** Records what explained a short pick, for the cancellation it may end in. */
  private noteShortfall(orderId: string, sku: string, node: string, units: number, explanation: LossExplanation): void {
    const key = `${orderId}|${sku}`;
    const entry = this.shortCauses.get(key) ?? { causes: new Set<CancellationCause>(), details: [], node };
    for (const e of explanation) {
      entry.causes.add(e.kind);
      const what = {
        late_pos_posting: `sold over the till at ${node} since ${clock(e.sinceMs)} not posted yet`,
        hidden_shrink: `missing at ${node} since ${clock(e.sinceMs)}, found at pick`,
        till_sale_of_promised_unit: `promised to this order sold over the till at ${node} since ${clock(e.sinceMs)}`,
      }[e.kind];
      const found = e.foundByCountAtMs === null ? '' : ` (the count at ${clock(e.foundByCountAtMs)} found them after the units were promised)`;
      entry.details.push(`${e.units} unit(s) ${what}${found}`);
    }
    if (explanation.length === 0) {
      entry.causes.add('unexplained');
      entry.details.push(`pick of ${units} at ${node} came up short with no unrecorded loss known there`);
    }
    this.shortCauses.set(key, entry);
  }

  /** After the last pick: what each accepted order delivered; the rest of its promise was oversold. */
  private async settleOrders(): Promise<void> {
    for (const [orderId, accepted] of this.accepted) {
      const order = await this.target.order(orderId);
      const shipped = new Map<string, number>();
      for (const fo of order?.fulfilmentOrders ?? []) {
        if (fo.status !== 'shipped') continue;
        for (const l of fo.lines) shipped.set(l.sku, (shipped.get(l.sku) ?? 0) + (l.pickedQty ?? l.qty));
      }
      for (const sp of order?.shortPicks ?? []) {
        this.flow.shortUnits += sp.reroutedQty + sp.cancelledQty + (sp.substitute?.qty ?? 0);
        this.flow.reroutedUnits += sp.reroutedQty;
        this.flow.cancelledUnits += sp.cancelledQty;
        if (sp.status !== 'substitute_accepted' || sp.substitute === null) continue;
        // A substitute the customer accepted fills the line it replaced.
        this.flow.substitutedUnits += sp.substitute.qty;
        const sent = Math.min(sp.substitute.qty, shipped.get(sp.substitute.sku) ?? 0);
        shipped.set(sp.substitute.sku, (shipped.get(sp.substitute.sku) ?? 0) - sent);
        shipped.set(sp.sku, (shipped.get(sp.sku) ?? 0) + sent);
      }
      this.flow.notifications += order?.notifications ?? 0;
      for (const line of accepted.lines) {
        const got = Math.min(line.qty, shipped.get(line.sku) ?? 0);
        shipped.set(line.sku, (shipped.get(line.sku) ?? 0) - got);
        this.tally.unitsFulfilled += got;
        if (got < line.qty) this.cancelAfterPick(orderId, accepted, line, line.qty - got);
      }
    }
  }

  private cancelAfterPick(orderId: string, accepted: AcceptedOrder, line: WantedLine, units: number): void {
    this.tally.linesCancelled += 1;
    this.tally.oversoldUnits += units;
    const known = this.shortCauses.get(`${orderId}|${line.sku}`);
    this.cancellations.push({
      atMs: this.lastMs,
      channel: accepted.channel,
      orderRef: accepted.orderRef,
      sku: line.sku,
      node: known?.node ?? null,
      units,
      causes: known === undefined ? ['unexplained'] : [...known.causes],
      detail: known === undefined ? 'not delivered, and no pick came up short' : known.details.join('; '),
    });
  }

  /** A delivered line may come back: the returns desk decides (seeded) and plans its steps. */
  private scheduleReturn(delivery: Parameters<ReturnsDesk['plan']>[0]): void {
    const parcel = this.returns.plan(delivery);
    if (parcel !== null) this.timeline.add(parcel.atMs, { kind: 'return', step: parcel });
  }

  /** One step of a customer return: authorise and receive, inspect, or finish refurbishment. */
  private async returnStep(step: ReturnParcel): Promise<void> {
    const outcome = await this.returns.perform(step, this.target, this.lastMs);
    this.tally.eventsProcessed += outcome.eventsSent;
    if (outcome.authorised) this.tally.hadReturns = true;
    for (const back of outcome.backOnShelf) this.physical.add(back.sku, back.node, back.qty);
    if (outcome.returnToStockHours !== null) this.tally.returnToStockHours.push(outcome.returnToStockHours);
    if (outcome.next !== null) this.timeline.add(outcome.next.atMs, { kind: 'return', step: outcome.next });
  }

  /** Cases the run opened, by type, and those the engine resolved by itself. */
  private async countCases(): Promise<CaseTally[]> {
    const byType = new Map<string, { opened: number; autoResolved: number }>();
    for (const c of await this.target.cases()) {
      const t = byType.get(c.type) ?? { opened: 0, autoResolved: 0 };
      t.opened += 1;
      if (c.autoResolved) t.autoResolved += 1;
      byType.set(c.type, t);
      this.tally.casesOpened += 1;
      if (c.autoResolved) this.tally.casesAutoResolved += 1;
    }
    return [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, t]) => ({ type, ...t }));
  }
}

import type { PolicyHolder } from '../../app/policy-holder.ts';
import { putChannel } from '../../app/put-channel.ts';
import { putPolicy } from '../../app/put-policy.ts';
import type { Clock } from '../../ports/clock.ts';
import type { SimulationCase, SimulationOrderRequest, SimulationTarget } from '../../ports/simulation-target.ts';
import type { Store } from '../../ports/store.ts';
import type { LedgerRuntime } from '../ledger-runtime.ts';

const CASE_PAGE = 500;

/** What an in-process target drives: a store, the write side built on it, and how its clock moves. */
export type InProcessParts = {
  readonly description: string;
  readonly store: Store;
  readonly runtime: LedgerRuntime;
  readonly policies: PolicyHolder;
  readonly clock: Clock;
  /** Moves the clock (the scratch engine), or does nothing (a live demo server on its own clock). */
  readonly setTime: (ms: number) => void;
  /** Runs after the writer is idle: close the store, delete scratch files. */
  readonly dispose: () => Promise<void>;
};

/**
 * The simulation port over the real use cases of one process (the scratch engine of
 * `omnistock simulate`, or the server of `omnistock demo`): the same calls the HTTP routes make.
 */
export function inProcessTarget(o: InProcessParts): SimulationTarget {
  const { store, runtime, policies, clock } = o;
  const { orders } = runtime;
  const request = (r: SimulationOrderRequest) => ({
    channel: r.channel,
    orderRef: r.orderRef,
    lines: r.lines,
    ...(r.shipTo && { shipTo: r.shipTo }),
    ...(r.pickupNode !== undefined && { method: 'pickup' as const, pickupNode: r.pickupNode }),
  });
  return {
    description: o.description,
    setTime: o.setTime,
    async loadMasterData(data) {
      for (const item of data.items) await store.masterData.putItem(item);
      for (const node of data.nodes) await store.masterData.putNode(node);
      for (const channel of data.channels) {
        const result = await putChannel(store, channel);
        if (!result.ok) throw new Error(`scenario channel ${channel.channelId}: ${result.error.message}`);
      }
      const policy = await putPolicy({ policies: store.policies, holder: policies, clock }, { text: data.policyYaml, actor: 'simulator' });
      if (!policy.ok) throw new Error(`the scenario's policy is invalid: ${policy.error.map((e) => e.message).join('; ')}`);
      await runtime.rebuildIfInputsChanged();
    },
    ingest: (events) => runtime.ingestor.ingest(events, { allowedSource: null }),
    async placeOrder(r) {
      const placed = await orders.place.place(request(r), null);
      return placed.ok ? placed.value.order.id : null;
    },
    async reserveAndConfirm(r, key) {
      if (r.pickupNode !== undefined) throw new Error('pickup orders are placed, not reserved (POST /v1/reservations ships)');
      const held = await orders.reserve.reserve(request(r), key);
      if (!held.ok) return null;
      const confirmed = await orders.confirm.confirm(held.value.reservation.id);
      return confirmed.ok ? confirmed.value.id : null;
    },
    async channelUnits(channel, skus) {
      const rows = await store.ledger.channelAvailability(channel, skus);
      return new Map(rows.map((r) => [r.sku, r.units]));
    },
    async order(orderId) {
      const order = await store.workflows.order(orderId);
      if (order === undefined) return undefined;
      return {
        fulfilmentOrders: order.fulfilmentOrders,
        shortPicks: order.shortPicks.map((s) => ({
          sku: s.sku,
          status: s.status,
          reroutedQty: s.reroutedQty,
          cancelledQty: s.cancelledQty,
          substitute: s.substitute,
        })),
        notifications: order.notifications.length,
      };
    },
    positions: (skus, nodes) => store.ledger.positionsAt(skus, nodes),
    async cases() {
      const all: SimulationCase[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.cases.list({}, { cursor, limit: CASE_PAGE });
        for (const c of page.items) all.push({ type: c.type, autoResolved: c.autoReason !== null });
        cursor = page.nextCursor;
      } while (cursor !== null);
      return all;
    },
    async openReturn(r) {
      if (orders.returns === undefined) throw new Error('the runtime was built without the returns use cases');
      const opened = await orders.returns.open.open(r);
      return opened.ok ? { id: opened.value.id } : { error: opened.error.message };
    },
    async returnOf(returnId) {
      const view = await store.returns.get(returnId);
      if (view === undefined) return undefined;
      const units = view.units.map((u) => ({ sku: u.sku, serial: u.serial, state: u.state }));
      return { receivedAtMs: view.receivedAtMs, restockedAtMs: view.restockedAtMs, units };
    },
    async dispose() {
      await runtime.writer.idle();
      await o.dispose();
    },
  };
}

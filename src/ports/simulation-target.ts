import type { Position } from '../core/ledger/position.ts';
import type { ChannelInput } from '../core/master-data/channel.ts';
import type { ItemInput } from '../core/master-data/item.ts';
import type { NodeInput } from '../core/master-data/node.ts';

/** What the simulator tells an engine about the retailer before the first happening. */
export type SimulationMasterData = {
  readonly items: readonly (ItemInput & { readonly sku: string })[];
  readonly nodes: readonly (NodeInput & { readonly nodeId: string })[];
  readonly channels: readonly (ChannelInput & { readonly channelId: string })[];
  /** The retailer's policy document as YAML (docs/policy.md). */
  readonly policyYaml: string;
};

/** An order as a channel submits it: shipped to `shipTo`, or collected at `pickupNode`. */
export type SimulationOrderRequest = {
  readonly channel: string;
  readonly orderRef: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number }[];
  readonly shipTo?: { readonly latitude: number; readonly longitude: number } | undefined;
  readonly pickupNode?: string | undefined;
};

/** The order's fulfilment as the engine holds it: what the runner picks and settles against. */
export type SimulationOrder = {
  readonly fulfilmentOrders: readonly {
    readonly id: string;
    readonly node: string;
    readonly status: string;
    readonly lines: readonly { readonly sku: string; readonly qty: number; readonly pickedQty?: number | null | undefined }[];
  }[];
  /** The engine's short-pick workflows on the order: re-sourced, substituted and cancelled units per SKU. */
  readonly shortPicks: readonly SimulationShortPick[];
  /** Customer notifications the engine emitted for the order (a cancelled line notifies). */
  readonly notifications: number;
};

/** One short-picked SKU of an order as the engine resolved it (`status`: rerouted, substitute_accepted, cancelled, …). */
export type SimulationShortPick = {
  readonly sku: string;
  readonly status: string;
  readonly reroutedQty: number;
  readonly cancelledQty: number;
  readonly substitute: { readonly sku: string; readonly qty: number } | null;
};

/** The engine's verdict on one event. */
export type SimulationVerdict = { readonly status: 'accepted' | 'duplicate' | 'rejected' };

/** A case as the outcomes count it. */
export type SimulationCase = { readonly type: string; readonly autoResolved: boolean };

/** A return authorisation as the runner follows it: its times and each unit's state (`restocked`, `refurbishing`, …). */
export type SimulationReturn = {
  readonly receivedAtMs: number | null;
  readonly restockedAtMs: number | null;
  readonly units: readonly { readonly sku: string; readonly serial: string | null; readonly state: string }[];
};

/** Opening a return authorisation (`POST /v1/returns`). */
export type SimulationReturnRequest = {
  readonly orderRef: string;
  readonly channel: string;
  readonly node: string;
  readonly reason: string;
  readonly lines: readonly { readonly sku: string; readonly qty: number; readonly serials?: readonly string[] | undefined }[];
};

/**
 * The engine a simulation drives (docs/simulator.md): Omnistock in-process on a scratch store with
 * a clock the runner sets, or a running server over its HTTP API (`--url`), where time is the
 * server's own and `setTime` does nothing. The runner uses nothing else, so both run the same
 * scenario through the same public behaviour.
 */
export interface SimulationTarget {
  /** Where this target runs, for the report (`in-process sqlite`, `http://…`). */
  readonly description: string;
  /** Moves the engine's clock to simulated time `ms` (never backwards). */
  setTime(ms: number): void;
  /** Loads items, nodes, channels and the policy (as version 1, or the next version on a server). */
  loadMasterData(data: SimulationMasterData): Promise<void>;
  /** Hands CloudEvents to the engine (at most `limits.eventsPerRequestMax` per call). */
  ingest(events: readonly Record<string, unknown>[]): Promise<readonly SimulationVerdict[]>;
  /** `POST /v1/orders`: the order id, or null when the engine refused it for want of stock. */
  placeOrder(request: SimulationOrderRequest): Promise<string | null>;
  /** `POST /v1/reservations` then `…/confirm`: the order id, or null when refused. */
  reserveAndConfirm(request: SimulationOrderRequest, idempotencyKey: string): Promise<string | null>;
  /** Units each SKU shows on `channel` now (absent = 0). */
  channelUnits(channel: string, skus: readonly string[]): Promise<ReadonlyMap<string, number>>;
  order(orderId: string): Promise<SimulationOrder | undefined>;
  /** Positions of `skus` at `nodes` (absent = all zero). */
  positions(skus: readonly string[], nodes: readonly string[]): Promise<readonly Position[]>;
  /** Every case, any status. */
  cases(): Promise<readonly SimulationCase[]>;
  /** The new return's id, or an error message naming the field. */
  openReturn(request: SimulationReturnRequest): Promise<{ readonly id: string } | { readonly error: string }>;
  returnOf(returnId: string): Promise<SimulationReturn | undefined>;
  /** Waits for background work, then frees what the target holds (a scratch store is deleted). */
  dispose(): Promise<void>;
}

/** Opens a fresh target whose clock starts at `startMs`. */
export type OpenSimulationTarget = (startMs: number) => Promise<SimulationTarget>;

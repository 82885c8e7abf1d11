import type { ChannelProfile } from '../availability/channel-profile.ts';
import type { NodeId, Sku } from '../ids.ts';
import type { FulfilmentMethod, NodeType } from '../master-data/node.ts';
import type { SourcingPolicy } from '../policy/policy-schema.ts';
import type { GeoPoint } from './haversine.ts';

/** One line to source. `node` pins the line to that node (the request named it). */
export type OrderLine = { readonly sku: Sku; readonly qty: number; readonly node?: NodeId };

export type SourcingRequest = {
  readonly channel: ChannelProfile;
  readonly method: FulfilmentMethod;
  /** Required for `pickup`: every line is sourced at this store, or is short. */
  readonly pickupNode?: NodeId;
  /** Destination of a `ship` order; without it distance costs nothing. */
  readonly shipTo?: GeoPoint;
  readonly lines: readonly OrderLine[];
  /** Nodes not to use (the node that just short-picked, nodes that cannot meet the promised date). */
  readonly excludeNodes?: readonly NodeId[];
};

/** Master data of a node, as sourcing needs it. */
export type SourcingNode = GeoPoint & {
  readonly nodeId: NodeId;
  readonly type: NodeType;
  readonly capacityPerDay: number;
  readonly fulfils: readonly FulfilmentMethod[];
};

/** ATS (available − safety stock, ≥ 0) of one SKU at one node. */
export type NodeSkuAts = { readonly sku: Sku; readonly node: NodeId; readonly ats: number };

export type SourcingContext = {
  /** Master data of (at least) the channel's nodes. */
  readonly nodes: readonly SourcingNode[];
  /** ATS per SKU and node for the order's SKUs; absent pairs count as 0. */
  readonly ats: readonly NodeSkuAts[];
  /** Fulfilment orders each node already took today (against `capacityPerDay`); absent = 0. */
  readonly fulfilmentOrdersToday: Readonly<Record<string, number>>;
  readonly weights: SourcingPolicy;
};

/** Units of one order line taken from one node. */
export type Allocation = { readonly lineIndex: number; readonly sku: Sku; readonly node: NodeId; readonly qty: number };

export const SHORT_REASONS = ['insufficient_ats', 'node_not_eligible'] as const;
export type ShortReason = (typeof SHORT_REASONS)[number];

/** A line that could not be covered in full, with what the eligible nodes hold. */
export type ShortLine = {
  readonly lineIndex: number;
  readonly sku: Sku;
  readonly requestedQty: number;
  readonly allocatedQty: number;
  /** ATS of the SKU over the nodes eligible for this line (the pinned node, or every eligible node). */
  readonly availableQty: number;
  readonly reason: ShortReason;
};

export const EXCLUSION_REASONS = ['excluded', 'unknown_node', 'method_not_fulfilled', 'not_pickup_node', 'no_capacity', 'no_ats', 'ranked_out'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** One channel node as the decision saw it. */
export type CandidateTrace = {
  readonly node: string;
  readonly eligible: boolean;
  readonly excludedBecause?: ExclusionReason;
  readonly distanceKm: number | null;
  readonly handlingCost: number;
  readonly remainingCapacity: number;
  /** Units of the order this node alone could cover. */
  readonly coverableUnits: number;
};

/** The cost of one set of nodes, by term (docs/sourcing.md). */
export type OptionTrace = {
  readonly nodes: readonly string[];
  readonly shipments: number;
  readonly cost: number;
  readonly distanceCost: number;
  readonly handlingCost: number;
  readonly splitCost: number;
  readonly marginProtectionCost: number;
};

/** Why the decision is what it is: shown in `GET /v1/orders/{id}`. Bounded by `limits.sourcingTrace*`. */
export type SourcingTrace = {
  readonly method: FulfilmentMethod;
  readonly candidates: readonly CandidateTrace[];
  readonly candidatesOmitted: number;
  /** `exact`: every node set up to `sourcingExactShipmentsMax` shipments was tried; `greedy` otherwise. */
  readonly search: 'none' | 'exact' | 'greedy';
  /** Scored options with the fewest shipments, best first. */
  readonly options: readonly OptionTrace[];
  readonly chosen: OptionTrace | null;
  readonly reason: string;
};

export type SourcingDecision = {
  readonly allocations: readonly Allocation[];
  readonly shortLines: readonly ShortLine[];
  /** Nodes that ship (one fulfilment order each), sorted by id. */
  readonly shipments: readonly NodeId[];
  readonly trace: SourcingTrace;
};

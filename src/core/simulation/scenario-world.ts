import type { ChannelInput } from '../master-data/channel.ts';
import type { ItemInput } from '../master-data/item.ts';
import type { NodeInput } from '../master-data/node.ts';
import type { Scenario } from './scenario-schema.ts';
import { drawWeighted, type SeededRandom } from './seeded-random.ts';

/** One SKU of the simulated assortment, with what the generator needs to draw demand for it. */
export type SimSku = {
  readonly sku: string;
  readonly category: string;
  readonly unitCost: number;
  /** Relative demand weight (fast movers high, long tail low). */
  readonly weight: number;
  /** Stores that carry it (POS demand for it arises only there). */
  readonly stores: readonly string[];
};

/**
 * The retailer a scenario describes, as master data and opening stock: what both runs (event and
 * batch) start from. Pure: the same scenario and random source give the same world.
 */
export type SimWorld = {
  readonly items: readonly (ItemInput & { readonly sku: string })[];
  readonly nodes: readonly (NodeInput & { readonly nodeId: string })[];
  readonly channels: readonly (ChannelInput & { readonly channelId: string })[];
  readonly openingStock: readonly { readonly sku: string; readonly node: string; readonly qty: number }[];
  readonly skus: readonly SimSku[];
  readonly dcs: readonly string[];
  readonly stores: readonly string[];
  /** The central returns facility, when the scenario has one. */
  readonly returnsCentre: string | null;
  /** Cumulative demand weights over `skus`, for O(log n) draws. */
  readonly cumulativeWeight: readonly number[];
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The node id of the central returns facility (`network.returnsCentre`). */
export const RETURNS_CENTRE = 'RC-01';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function buildNodes(s: Scenario, rng: SeededRandom) {
  const dcs = Array.from({ length: s.network.dcCount }, (_, i) => `DC-${pad(i + 1, 2)}`);
  const stores = Array.from({ length: s.network.stores.count }, (_, i) => `ST-${pad(i + 1, 4)}`);
  // A rough bounding box of Great Britain: distances matter to sourcing, not the exact map.
  const place = () => ({ latitude: round2(50.6 + rng.next() * 5), longitude: round2(-4.2 + rng.next() * 5.6) });
  const nodes: (NodeInput & { nodeId: string })[] = [
    ...dcs.map((nodeId, i) => ({
      nodeId,
      type: 'dc' as const,
      name: `Distribution centre ${i + 1}`,
      region: `region-${i + 1}`,
      ...place(),
      capacityPerDay: 50_000,
      fulfils: ['ship' as const],
    })),
  ];
  if (s.network.returnsCentre) {
    // Receives returns only: no channel sells from it, so sourcing never sends orders there.
    nodes.push({ nodeId: RETURNS_CENTRE, type: 'dc', name: 'Returns centre', region: 'region-1', ...place(), capacityPerDay: 50_000, fulfils: ['ship'] });
  }
  const shipStores: string[] = [];
  for (const nodeId of stores) {
    const ships = rng.chance(s.network.stores.shipFromStoreShare);
    if (ships) shipStores.push(nodeId);
    nodes.push({
      nodeId,
      type: 'store',
      name: `Store ${nodeId}`,
      region: `region-${rng.int(1, s.network.dcCount)}`,
      ...place(),
      capacityPerDay: 500,
      fulfils: ships ? ['ship', 'pickup'] : ['pickup'],
    });
  }
  return { dcs, stores, shipStores, nodes };
}

function buildSkus(s: Scenario, stores: readonly string[], rng: SeededRandom): SimSku[] {
  const fastCount = Math.max(1, Math.round(s.skus.count * s.skus.fastMoverShare));
  const tailCount = s.skus.count - fastCount;
  const raw = Array.from({ length: s.skus.count }, (_, i) => (i < fastCount ? 1 : 0) + rng.next() * 0.5 + 0.5);
  const fastSum = raw.slice(0, fastCount).reduce((a, b) => a + b, 0);
  const tailSum = raw.slice(fastCount).reduce((a, b) => a + b, 0);
  const perStore = Math.max(1, Math.round(stores.length * s.network.stores.assortmentShare));
  return raw.map((r, i) => {
    const fast = i < fastCount;
    const weight = fast || tailCount === 0 ? (r / fastSum) * s.skus.fastMoverDemandShare : (r / tailSum) * (1 - s.skus.fastMoverDemandShare);
    // Fast movers are carried by twice as many stores (capped by the network).
    const carriedBy = Math.min(stores.length, fast ? perStore * 2 : perStore);
    const start = rng.int(0, stores.length - 1);
    const step = Math.max(1, Math.floor(stores.length / carriedBy));
    const carrying = Array.from({ length: carriedBy }, (_, k) => stores[(start + k * step) % stores.length] as string);
    return {
      sku: `SKU-${pad(i + 1, 5)}`,
      category: rng.pick(s.skus.categories),
      unitCost: round2(s.skus.unitCost.min + rng.next() * (s.skus.unitCost.max - s.skus.unitCost.min)),
      weight,
      stores: [...new Set(carrying)],
    };
  });
}

/** Expected units demanded over the window per unit of SKU weight, before the promotion. */
export function baseDemandUnitsPerWeight(s: Scenario): number {
  const openHours = Math.max(0, s.demand.storeHours.close - s.demand.storeHours.open);
  const posHours = (s.durationHours * openHours) / 24;
  const onlineOrders = Object.values(s.channels).reduce((sum, c) => sum + c.ordersPerHour, 0) * s.durationHours;
  const unitsPerLine = s.demand.singleUnitShare + 2 * (1 - s.demand.singleUnitShare);
  return (s.demand.posSalesPerHour * posHours + onlineOrders * (1 + s.demand.secondLineShare)) * unitsPerLine;
}

function openingStock(s: Scenario, skus: readonly SimSku[], dcs: readonly string[], rng: SeededRandom) {
  const perWeight = baseDemandUnitsPerWeight(s);
  const lines = new Map<string, { sku: string; node: string; qty: number }>();
  const add = (sku: string, node: string) => {
    const key = `${sku}|${node}`;
    const line = lines.get(key) ?? { sku, node, qty: 0 };
    line.qty += 1;
    lines.set(key, line);
  };
  for (const sku of skus) {
    const cover = s.network.openingCover.min + rng.next() * (s.network.openingCover.max - s.network.openingCover.min);
    const total = Math.max(1, Math.round(sku.weight * perWeight * cover));
    const inDcs = Math.round(total * s.network.dcStockShare);
    for (let u = 0; u < inDcs; u++) add(sku.sku, dcs[u % dcs.length] as string);
    for (let u = inDcs; u < total; u++) add(sku.sku, rng.pick(sku.stores));
  }
  return [...lines.values()];
}

/**
 * Up to `substitutesPerSku` other SKUs of the same category per SKU, in preference order: those
 * carried by the most of the same stores first (a substitute for a pickup order must be in that
 * store), ties broken by a seeded draw.
 */
function substituteTable(s: Scenario, skus: readonly SimSku[], rng: SeededRandom): Map<string, string[]> {
  const table = new Map<string, string[]>();
  if (s.skus.substitutesPerSku === 0) return table;
  const byCategory = new Map<string, SimSku[]>();
  for (const k of skus) byCategory.set(k.category, [...(byCategory.get(k.category) ?? []), k]);
  for (const k of skus) {
    const mine = new Set(k.stores);
    const ranked = (byCategory.get(k.category) ?? [])
      .filter((o) => o.sku !== k.sku)
      .map((o) => ({ sku: o.sku, shared: o.stores.filter((st) => mine.has(st)).length, tie: rng.next() }))
      .sort((a, b) => b.shared - a.shared || a.tie - b.tie);
    table.set(
      k.sku,
      ranked.slice(0, s.skus.substitutesPerSku).map((o) => o.sku),
    );
  }
  return table;
}

/** Builds the scenario's retailer. Channel `pos` is added for the tills of every store. */
export function buildWorld(s: Scenario, rng: SeededRandom): SimWorld {
  const { dcs, stores, shipStores, nodes } = buildNodes(s, rng.fork('nodes'));
  const skus = buildSkus(s, stores, rng.fork('skus'));
  const substitutesOf = substituteTable(s, skus, rng.fork('substitutes'));
  const items = skus.map((k) => ({
    sku: k.sku,
    name: `${k.category} ${k.sku}`,
    category: k.category,
    unitCost: k.unitCost,
    unitPrice: round2(k.unitCost * s.skus.markup),
    serialized: s.skus.serialized,
    substitutes: substitutesOf.get(k.sku) ?? [],
    ...(s.skus.warrantyDays !== undefined && { warrantyDays: s.skus.warrantyDays }),
  }));
  const channels: (ChannelInput & { channelId: string })[] = Object.entries(s.channels).map(([channelId, c]) => ({
    channelId,
    type: c.type,
    name: c.name,
    priority: c.priority,
    marginTier: c.marginTier,
    nodes: c.nodes === 'dcs' ? [...dcs] : c.nodes === 'stores' ? [...stores] : [...dcs, ...shipStores],
  }));
  channels.push({ channelId: 'pos', type: 'store', name: 'Store tills', priority: 100, marginTier: 'high', nodes: [...stores] });
  let acc = 0;
  const cumulativeWeight = skus.map((k) => (acc += k.weight));
  const returnsCentre = s.network.returnsCentre ? RETURNS_CENTRE : null;
  return { items, nodes, channels, openingStock: openingStock(s, skus, dcs, rng.fork('stock')), skus, dcs, stores, returnsCentre, cumulativeWeight };
}

/** Draws a SKU index by demand weight. */
export function drawSku(world: SimWorld, rng: SeededRandom): number {
  return drawWeighted(world.cumulativeWeight, rng.next());
}

import { z } from 'zod';

/**
 * The parameters of a simulation scenario (scenarios/*.yaml, docs/simulator.md). A scenario says
 * how big the network is, how demand arrives and which faults the physical world and the
 * integrations inject; the generator turns it and a seed into the same demand every time.
 * Every count has a ceiling so a typo cannot ask for a billion SKUs.
 */
const share = z.number().min(0).max(1);
const positive = z.number().positive();
const range = (max: number) =>
  z.strictObject({ min: z.number().min(0).max(max), max: z.number().min(0).max(max) }).refine((r) => r.min <= r.max, 'min must not exceed max');

const channelSchema = z.strictObject({
  type: z.enum(['web', 'app', 'marketplace']),
  name: z.string().min(1).max(200),
  priority: z.number().int().min(0).max(1000),
  marginTier: z.enum(['high', 'medium', 'low']),
  /**
   * `reserve`: hold at checkout, then confirm (web, app); `place`: the order arrives paid
   * (marketplaces); `pickup`: placed paid for collection at a store (click & collect).
   */
  flow: z.enum(['reserve', 'place', 'pickup']),
  /** `dcs`: the DCs only; `dcs-and-ship-stores`: DCs plus the stores that ship; `stores`: every store (pickup). */
  nodes: z.enum(['dcs', 'dcs-and-ship-stores', 'stores']),
  ordersPerHour: z.number().min(0).max(100_000),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/, 'name is kebab-case'),
  description: z.string().max(2_000),
  /** Business start of the simulated window (RFC 3339). */
  start: z.iso.datetime({ offset: true }),
  durationHours: z
    .number()
    .positive()
    .max(24 * 14),
  skus: z.strictObject({
    count: z.number().int().min(1).max(100_000),
    categories: z
      .array(z.string().regex(/^[a-z0-9-]+$/))
      .min(1)
      .max(50),
    /** The share of SKUs that are fast movers … */
    fastMoverShare: share,
    /** … and the share of demand they take (the rest spreads over the long tail). */
    fastMoverDemandShare: share,
    unitCost: range(100_000),
    /** unitPrice = unitCost × markup. */
    markup: z.number().min(1).max(20),
    /** Serialized items: every unit sold or shipped carries its serial number (electronics). */
    serialized: z.boolean().default(false),
    /** Warranty from the sale, in days; absent = the policy's default. */
    warrantyDays: z.number().int().min(0).max(3_650).optional(),
    /** Substitutes per SKU, drawn from its category (the short-pick flow offers them). */
    substitutesPerSku: z.number().int().min(0).max(5).default(0),
  }),
  network: z.strictObject({
    stores: z.strictObject({
      count: z.number().int().min(1).max(2_000),
      /** Share of stores that ship online orders (the rest only sell over the till). */
      shipFromStoreShare: share,
      /** Share of stores that carry each SKU. */
      assortmentShare: share,
    }),
    dcCount: z.number().int().min(1).max(20),
    /** Opening stock as weekend demand cover: units = expected weekend demand × cover, split over nodes. */
    openingCover: range(100),
    /** Share of a SKU's opening stock held in the DCs (the rest in its stores). */
    dcStockShare: share,
    /** A central returns facility (`RC-01`) receives every online return (electronics). */
    returnsCentre: z.boolean().default(false),
  }),
  channels: z.record(z.string().regex(/^[a-z0-9-]+$/), channelSchema).refine((c) => Object.keys(c).length <= 20, 'at most 20 channels'),
  demand: z.strictObject({
    posSalesPerHour: z.number().min(0).max(1_000_000),
    /** Stores are open between these hours (local = UTC in the simulator); online demand runs all day. */
    storeHours: z.strictObject({ open: z.number().int().min(0).max(23), close: z.number().int().min(1).max(24) }),
    /** Units per line: 1 with this probability, else 2. */
    singleUnitShare: share,
    /** Probability that an online order has a second line. */
    secondLineShare: share,
    promotion: z.strictObject({
      categories: z.array(z.string()).max(50),
      fromHour: z.number().min(0),
      toHour: z.number().min(0),
      multiplier: z.number().min(1).max(100),
    }),
  }),
  faults: z.strictObject({
    /** POS postings: most arrive after a short log-normal delay, some after a long one (store sync batches). */
    posDelay: z.strictObject({ medianSeconds: positive.max(86_400), sigma: z.number().min(0).max(5), lateShare: share, lateMinutes: range(24 * 60) }),
    transfers: z.strictObject({
      perHour: z.number().min(0).max(100_000),
      unitsPerTransfer: range(10_000),
      transitHours: positive.max(24 * 14),
      lateShare: share,
      lateHours: range(24 * 14),
    }),
    cycleCounts: z.strictObject({ perHour: z.number().min(0).max(100_000), postingDelayMinutes: range(24 * 60) }),
    /** Units lost without a record (theft, misplacement): found only by a count or at pick. */
    hiddenShrinkPerHour: z.number().min(0).max(100_000),
    malformedShare: share,
    duplicateShare: share,
  }),
  fulfilment: z.strictObject({
    pickDelayMinutes: range(7 * 24 * 60),
    /** Stores count the shelf before picking a pickup order and post the count (the count finds the discrepancy first). */
    countBeforePick: z.boolean().default(false),
  }),
  /** Customer returns of delivered units (till sales and shipped orders); absent = none. */
  returns: z
    .strictObject({
      /** Share of delivered order lines returned. */
      share,
      /** From delivery to the parcel arriving at the receiving node. */
      afterHours: range(24 * 60),
      /** From receipt to inspection. */
      inspectionDelayHours: range(24 * 14),
      /** Relative weights of the inspection grades and packaging conditions. */
      grades: z.strictObject({ A: z.number().min(0), B: z.number().min(0), C: z.number().min(0), D: z.number().min(0) }),
      packaging: z.strictObject({ sealed: z.number().min(0), opened: z.number().min(0), damaged: z.number().min(0), missing: z.number().min(0) }),
      /** Refurbishment time, and the share of refurbished units that go back on sale (the rest are damaged). */
      refurbishHours: range(24 * 30),
      refurbishRestockShare: share,
      /** Share of serialized returns whose serial is not one we sold (fraud, a swapped unit). */
      serialMismatchShare: share,
    })
    .optional(),
  /** Minutes between outcome samples (inventory value). */
  sampleEveryMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** The Omnistock policy document of the retailer (docs/policy.md); stored as version 1. */
  policy: z.record(z.string(), z.unknown()),
});

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;

/** Command-line overrides of a scenario. */
export type ScenarioOverrides = { readonly skus?: number | undefined; readonly stores?: number | undefined };

/**
 * The scenario with overrides applied. Demand rates scale with the SKU count (and store sales
 * with the store count), so a smaller run keeps the same demand per SKU and per store — and
 * therefore the same contention — instead of the full network's traffic on a few SKUs.
 */
export function withOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const skuScale = (overrides.skus ?? scenario.skus.count) / scenario.skus.count;
  const storeScale = (overrides.stores ?? scenario.network.stores.count) / scenario.network.stores.count;
  const f = scenario.faults;
  return {
    ...scenario,
    skus: { ...scenario.skus, count: overrides.skus ?? scenario.skus.count },
    network: { ...scenario.network, stores: { ...scenario.network.stores, count: overrides.stores ?? scenario.network.stores.count } },
    channels: Object.fromEntries(Object.entries(scenario.channels).map(([id, c]) => [id, { ...c, ordersPerHour: c.ordersPerHour * skuScale }])),
    demand: { ...scenario.demand, posSalesPerHour: scenario.demand.posSalesPerHour * skuScale * storeScale },
    faults: {
      ...f,
      transfers: { ...f.transfers, perHour: f.transfers.perHour * skuScale },
      cycleCounts: { ...f.cycleCounts, perHour: f.cycleCounts.perHour * skuScale },
      hiddenShrinkPerHour: f.hiddenShrinkPerHour * skuScale,
    },
  };
}

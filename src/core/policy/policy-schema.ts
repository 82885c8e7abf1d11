import { z } from 'zod';
import { casePolicySchema } from '../cases/case-policy.ts';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';
import { CHANNEL_TYPES, MARGIN_TIERS } from '../master-data/channel.ts';
import { NODE_TYPES } from '../master-data/node.ts';
import { returnsPolicySchema } from '../returns/returns-policy.ts';

/**
 * The policy document (ARCHITECTURE §4, issue 3): channel exposure, safety stock, threshold rules
 * and sourcing weights, as one versioned YAML file. The shell parses the YAML; `parsePolicy`
 * validates the resulting value against this schema. docs/policy.md describes every field.
 */
const id = z.string().min(1).max(limits.idLengthMax).regex(ID_PATTERN, 'ids may contain letters, digits and . _ : - only');
const units = z.number().int().min(0).max(limits.qtyMax);
const weight = z.number().min(0).max(1e6);
/** A map keyed by id (SKU, category, node), bounded so a hostile document cannot blow memory. */
const idMap = <T extends z.ZodType>(value: T) =>
  z.record(id, value).refine((m) => Object.keys(m).length <= limits.policyMapEntriesMax, `at most ${limits.policyMapEntriesMax} entries`);

/** Exposure rules of one channel. Every field has a default, so `{}` is a valid entry. */
export const channelPolicySchema = z.strictObject({
  /** Percent of network ATS (over all nodes) the channel may show, 0–100. */
  sharePercent: z.number().min(0).max(100).default(100),
  /** Units withheld at each of the channel's nodes before its ATS counts for this channel. */
  nodeBufferUnits: units.default(0),
  /** Below this many units the channel shows zero (no "1 left" on a marketplace). */
  minimumUnits: units.default(0),
  /** A substitute proposed after a short pick is accepted without asking the customer. */
  autoAcceptSubstitutes: z.boolean().default(false),
  /** A reservation may hold fewer units than asked when some lines are short. */
  allowPartialReservations: z.boolean().default(false),
  /** Hold time of a reservation when the request names none. */
  reservationTtlSeconds: z.number().int().min(1).max(limits.reservationTtlSecondsMax).default(limits.reservationTtlSecondsDefault),
});
export type ChannelPolicy = z.infer<typeof channelPolicySchema>;

/** Safety stock in units: the most specific entry wins (sku, then category, then node type, then default). */
export const safetyStockSchema = z.strictObject({
  default: units.default(0),
  byNodeType: z.partialRecord(z.enum(NODE_TYPES), units).default({}),
  byCategory: idMap(units).default({}),
  bySku: idMap(units).default({}),
});
export type SafetyStockPolicy = z.infer<typeof safetyStockSchema>;

/**
 * "When network ATS of a SKU falls under N units or under D days of cover, pause channels of
 * margin tier low and give their share to direct channels", as data. The rule fires when any of
 * the given conditions holds.
 */
export const thresholdRuleSchema = z.strictObject({
  id,
  when: z
    .strictObject({
      networkAtsBelow: units.optional(),
      daysOfCoverBelow: z.number().min(0).max(3650).optional(),
    })
    .refine((w) => w.networkAtsBelow !== undefined || w.daysOfCoverBelow !== undefined, 'a rule needs networkAtsBelow or daysOfCoverBelow'),
  then: z.strictObject({
    pauseMarginTiers: z.array(z.enum(MARGIN_TIERS)).min(1).max(MARGIN_TIERS.length),
    redistributeTo: z.array(z.enum(CHANNEL_TYPES)).max(CHANNEL_TYPES.length).default([]),
  }),
});
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;

/** Weights of the sourcing cost (docs/sourcing.md). All costs are in one abstract currency. */
export const sourcingPolicySchema = z.strictObject({
  /** Cost per kilometre from the node to `shipTo`, charged once per shipment. */
  distanceCostPerKm: weight.default(0.01),
  /** Handling cost per shipment, by node; nodes not listed cost `default`. */
  handlingCost: z.strictObject({ default: weight.default(1), byNode: idMap(weight).default({}) }).default({ default: 1, byNode: {} }),
  /** Cost of each shipment beyond the first (the customer gets several parcels). */
  splitPenalty: weight.default(5),
  /** Margin protection: each unit that leaves a node with fewer than `unitsBelow` ATS costs `costPerUnit`. */
  lowStock: z.strictObject({ unitsBelow: units.default(0), costPerUnit: weight.default(0) }).default({ unitsBelow: 0, costPerUnit: 0 }),
});
export type SourcingPolicy = z.infer<typeof sourcingPolicySchema>;

/**
 * Lanes that replenish a node (issue 5): `supplier` → node by purchase order, `dc` → node by
 * transfer. Appended with the replenishment section; never reordered.
 */
export const REPLENISHMENT_LANES = ['supplier', 'dc'] as const;
export type ReplenishmentLane = (typeof REPLENISHMENT_LANES)[number];

const money = z.number().min(0).max(1e12);
const days = z.number().min(0).max(365);
/** A smoothing constant of exponential smoothing: 0 ignores new data, 1 forgets all history. */
const smoothing = z.number().gt(0).max(1);

/** Lead time of one lane in days, with its standard deviation (σL in the safety-stock formula). */
export const leadTimeSchema = z.strictObject({ days, stdDevDays: days.default(0) });
export type LeadTime = z.infer<typeof leadTimeSchema>;

/**
 * Replenishment parameters of one (sku, node) as overrides: every field optional; the most
 * specific entry that names a field wins, field by field (docs/replenishment.md).
 */
export const replenishmentOverrideSchema = z.strictObject({
  /** Days between two reviews (R): the order-up-to level covers L + R days of demand. */
  reviewPeriodDays: days.optional(),
  /** Target cycle service level: probability of no stockout during one replenishment cycle. */
  serviceLevel: z.number().min(0.5).max(0.9999).optional(),
  /** Lead time per lane; a lane given here replaces that lane's lead time as a whole. */
  leadTime: z.strictObject({ supplier: leadTimeSchema.optional(), dc: leadTimeSchema.optional() }).optional(),
  /** The lane that normally replenishes the node; without one, stores use `dc` and other nodes `supplier`. */
  lane: z.enum(REPLENISHMENT_LANES).optional(),
  /** Minimum order quantity of a purchase order, in units. */
  moqUnits: units.optional(),
  /** Units per case: purchase orders are whole cases. */
  casePackUnits: z.number().int().min(1).max(limits.qtyMax).optional(),
  /** Largest inventory position an order may bring the node to; null: no cap. */
  maxStockUnits: units.nullable().optional(),
  /** Supplier that receives the purchase orders of this item. */
  supplier: id.optional(),
});
export type ReplenishmentOverride = z.infer<typeof replenishmentOverrideSchema>;

/** The complete default parameter set: every field has a default so `{}` is valid. */
export const replenishmentDefaultsSchema = z.strictObject({
  reviewPeriodDays: days.default(7),
  serviceLevel: z.number().min(0.5).max(0.9999).default(0.95),
  leadTime: z
    .strictObject({ supplier: leadTimeSchema.prefault({ days: 7, stdDevDays: 2 }), dc: leadTimeSchema.prefault({ days: 2, stdDevDays: 0.5 }) })
    .prefault({}),
  moqUnits: units.default(1),
  casePackUnits: z.number().int().min(1).max(limits.qtyMax).default(1),
  maxStockUnits: units.nullable().default(null),
  supplier: id.nullable().default(null),
});

/**
 * Replenishment (issue 5): forecast smoothing, per (sku, node) parameters by precedence, the
 * approval threshold and the grace before an inbound document counts as late.
 */
export const replenishmentPolicySchema = z.strictObject({
  forecast: z
    .strictObject({
      alpha: smoothing.default(0.3),
      beta: smoothing.default(0.1),
      gamma: smoothing.default(0.1),
      historyDays: z.number().int().min(7).max(limits.demandHistoryDaysMax).default(112),
    })
    .prefault({}),
  defaults: replenishmentDefaultsSchema.prefault({}),
  byNodeType: z.partialRecord(z.enum(NODE_TYPES), replenishmentOverrideSchema).default({}),
  byCategory: idMap(replenishmentOverrideSchema).default({}),
  bySku: idMap(replenishmentOverrideSchema).default({}),
  /** A proposal whose value (qty × unit cost) is above this needs a person's approval. */
  approvalValueAbove: money.default(5000),
  /** An inbound document this long past its expected time is late: a `delayed_receipt` signal. */
  delayedReceiptGraceHours: z
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  /** How often the scheduled replenishment run happens. */
  scheduleIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(24 * 60),
});
export type ReplenishmentPolicy = z.infer<typeof replenishmentPolicySchema>;

/**
 * Reconciliation (issue 5): a variance is material, and opens a `stock_mismatch` case, when it
 * reaches both thresholds (set one to 0 to decide by the other alone).
 */
export const reconciliationPolicySchema = z.strictObject({
  materiality: z.strictObject({ unitsAtLeast: units.default(1), valueAtLeast: money.default(50) }).prefault({}),
  /**
   * Scheduled reconciliations (docs/reconciliation.md, "Schedule"): the server pulls each source's
   * snapshot over HTTP every `everyMinutes`. Optional without a default, so documents that omit it
   * validate to the same value as before.
   */
  schedule: z
    .array(
      z.strictObject({
        source: id,
        /** GET answers `{ asOf, lines }` (json) or a CSV `sku,node,qty[,bucket]` / `sku,channel,qty` (csv; asOf = the time of the pull). */
        url: z.url({ protocol: /^https?$/ }),
        format: z.enum(['json', 'csv']).default('json'),
        everyMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(24 * 60),
        strict: z.boolean().default(false),
      }),
    )
    .max(limits.reconciliationScheduledSourcesMax)
    .refine((s) => new Set(s.map((x) => x.source)).size === s.length, 'one schedule per source')
    .optional(),
});
export type ReconciliationPolicy = z.infer<typeof reconciliationPolicySchema>;

export const policySchema = z.strictObject({
  /** Version of this document; `PUT /v1/policies` requires it to grow. */
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  description: z.string().max(limits.textLengthMax).optional(),
  channels: idMap(channelPolicySchema)
    .refine((m) => Object.keys(m).length <= limits.policyChannelsMax, `at most ${limits.policyChannelsMax} channels`)
    .default({}),
  safetyStock: safetyStockSchema.default({ default: 0, byNodeType: {}, byCategory: {}, bySku: {} }),
  thresholdRules: z
    .array(thresholdRuleSchema)
    .max(limits.policyThresholdRulesMax)
    .refine((r) => new Set(r.map((x) => x.id)).size === r.length, 'threshold rule ids must be unique')
    .default([]),
  sourcing: sourcingPolicySchema.default({
    distanceCostPerKm: 0.01,
    handlingCost: { default: 1, byNode: {} },
    splitPenalty: 5,
    lowStock: { unitsBelow: 0, costPerUnit: 0 },
  }),
  // Issue 5 sections are optional without a default on purpose: a document that omits them
  // validates to the same value as before (stored versions and their diffs do not change). Their
  // fields have defaults; `replenishmentPolicyOf` / `reconciliationPolicyOf` fill an absent section.
  replenishment: replenishmentPolicySchema.optional(),
  reconciliation: reconciliationPolicySchema.optional(),
  // Issue 4 exception cases: optional like the issue 5 sections; `casePolicyOf` fills an absent one.
  cases: casePolicySchema.optional(),
  // Issue 4 returns (docs/returns.md): optional for the same reason; `returnsPolicyOf` fills an absent one.
  returns: returnsPolicySchema.optional(),
});

/** A validated policy document, with every default filled in. */
export type Policy = z.infer<typeof policySchema>;

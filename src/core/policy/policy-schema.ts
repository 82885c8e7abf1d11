import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';
import { CHANNEL_TYPES, MARGIN_TIERS } from '../master-data/channel.ts';
import { NODE_TYPES } from '../master-data/node.ts';

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
});

/** A validated policy document, with every default filled in. */
export type Policy = z.infer<typeof policySchema>;

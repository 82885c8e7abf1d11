import { assert } from '../assert.ts';
import type { NodeType } from '../master-data/node.ts';
import {
  type LeadTime,
  type Policy,
  type ReplenishmentLane,
  type ReplenishmentOverride,
  type ReplenishmentPolicy,
  replenishmentPolicySchema,
} from '../policy/policy-schema.ts';

/** The replenishment section of a document that omits it: every default of the schema. */
export const DEFAULT_REPLENISHMENT_POLICY: ReplenishmentPolicy = replenishmentPolicySchema.parse({});

/**
 * The replenishment section in force: the policy's own, or the defaults when the policy (or the
 * section) is absent. The section is optional in the schema so that documents written before
 * issue 5 validate to the same value as before.
 */
export function replenishmentPolicyOf(policy: Policy | null): ReplenishmentPolicy {
  return policy?.replenishment ?? DEFAULT_REPLENISHMENT_POLICY;
}

/** Replenishment parameters of one (sku, node), every field resolved. */
export type ReplenishmentParams = {
  readonly reviewPeriodDays: number;
  readonly serviceLevel: number;
  readonly leadTime: { readonly supplier: LeadTime; readonly dc: LeadTime };
  /** The lane whose lead time sets the reorder point and order-up-to level. */
  readonly lane: ReplenishmentLane;
  readonly moqUnits: number;
  readonly casePackUnits: number;
  readonly maxStockUnits: number | null;
  readonly supplier: string | null;
};

const own = <T>(map: Partial<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

/**
 * Resolves the parameters of one SKU at one node: for each field, the most specific entry that
 * names it wins — by SKU, then by category, then by node type, then the defaults (the precedence of
 * `safetyStockUnits`). Field by field rather than entry by entry, so a category can set the case
 * pack while one SKU only changes its service level. A lane's lead time is one field (days and
 * σ travel together). Without a `lane` anywhere, stores are replenished from a DC, other nodes
 * from the supplier.
 *
 * @example
 * replenishmentParams(replenishmentPolicyOf(null), 'SKU-1', 'tents', 'store').lane // 'dc'
 */
export function replenishmentParams(policy: ReplenishmentPolicy, sku: string, category: string, nodeType: NodeType): ReplenishmentParams {
  const layers: ReplenishmentOverride[] = [own(policy.bySku, sku), own(policy.byCategory, category), policy.byNodeType[nodeType]].filter(
    (o): o is ReplenishmentOverride => o !== undefined,
  );
  const pick = <K extends keyof ReplenishmentOverride>(key: K): ReplenishmentOverride[K] => layers.find((o) => o[key] !== undefined)?.[key];
  const lead = (lane: ReplenishmentLane): LeadTime => layers.find((o) => o.leadTime?.[lane] !== undefined)?.leadTime?.[lane] ?? policy.defaults.leadTime[lane];
  const d = policy.defaults;
  const params: ReplenishmentParams = {
    reviewPeriodDays: pick('reviewPeriodDays') ?? d.reviewPeriodDays,
    serviceLevel: pick('serviceLevel') ?? d.serviceLevel,
    leadTime: { supplier: lead('supplier'), dc: lead('dc') },
    lane: pick('lane') ?? (nodeType === 'store' ? 'dc' : 'supplier'),
    moqUnits: pick('moqUnits') ?? d.moqUnits,
    casePackUnits: pick('casePackUnits') ?? d.casePackUnits,
    // `null` is a value here (an explicit "no cap" overrides a category's cap), so test for undefined only.
    maxStockUnits: pick('maxStockUnits') === undefined ? d.maxStockUnits : (pick('maxStockUnits') ?? null),
    supplier: pick('supplier') ?? d.supplier,
  };
  assert(params.casePackUnits >= 1, 'case pack is at least one unit');
  return params;
}

import type { NodeType } from '../master-data/node.ts';
import type { SafetyStockPolicy } from './policy-schema.ts';

/**
 * Safety stock in units for one SKU at one node: the most specific entry wins — by SKU, then by
 * category, then by node type, then the default. Most-specific rather than maximum, so an operator
 * can lower the buffer for one fast mover without editing the category rule.
 *
 * @example
 * safetyStockUnits({ default: 0, byNodeType: { store: 2 }, byCategory: {}, bySku: { A: 5 } }, 'A', 'shoes', 'store') // 5
 */
export function safetyStockUnits(policy: SafetyStockPolicy | null, sku: string, category: string, nodeType: NodeType): number {
  if (policy === null) return 0;
  return (
    (Object.hasOwn(policy.bySku, sku) ? policy.bySku[sku] : undefined) ??
    (Object.hasOwn(policy.byCategory, category) ? policy.byCategory[category] : undefined) ??
    policy.byNodeType[nodeType] ??
    policy.default
  );
}

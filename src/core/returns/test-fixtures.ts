import { asNodeId } from '../ids.ts';
import { openReturn, type ReturnAuthorisation, type ReturnItemFacts } from './return-authorisation.ts';

/** Shared by the returns core tests: a receiving node, items, and an opened return. Not exported from the module. */
export const T0 = Date.parse('2026-11-01T10:00:00Z');
export const DAY = 86_400_000;
export const NODE = asNodeId('S1');
export const ITEMS: ReturnItemFacts = new Map([
  ['TENT', { serialized: false, category: 'camping' }],
  ['PHONE', { serialized: true, category: 'electronics', warrantyDays: 30 }],
  ['BOOT', { serialized: false, category: 'footwear' }],
]);

export function opened(lines: { sku: string; qty: number; serials?: string[] }[] = [{ sku: 'TENT', qty: 2 }], orderRef = 'WEB-1'): ReturnAuthorisation {
  const r = openReturn({ id: 'R1', orderRef, channelId: 'web', node: NODE, reason: 'changed mind', lines }, ITEMS, T0);
  if (!r.ok) throw new Error(`open failed: ${r.error.message}`);
  return r.value.state;
}

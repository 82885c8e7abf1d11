import { createHash } from 'node:crypto';
import type { InboundKind } from '../../core/replenishment/open-inbound.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const PROPOSAL_ID = /^RP-\d{8}-[0-9a-f]{20}$/;

/**
 * The id of the proposal of one (sku, node, kind) on one UTC day: `RP-<yyyymmdd>-<20 hex of
 * SHA-256(sku, node, kind)>`. Deterministic, so a second run on the same day meets the same id and
 * inserts nothing (`on conflict (id) do nothing`); the day first, so ids sort oldest first. It is
 * also the reference the ERP echoes (`erp.po.created.reference`, `transfer.shipped.transferId`),
 * so it fits the catalogue's id pattern and length.
 *
 * @example proposalId(Date.UTC(2026, 0, 5), 'SKU-1', 'S1', 'purchase_order') // 'RP-20260105-…'
 */
export function proposalId(nowMs: number, sku: string, node: string, kind: InboundKind): string {
  const day = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  const hash = createHash('sha256').update(`${sku}\u0000${node}\u0000${kind}`).digest('hex').slice(0, 20);
  return `RP-${day}-${hash}`;
}

/** Whether a reference has the shape of a proposal id (an ERP confirmation of one of our requests). */
export const isProposalId = (reference: string): boolean => PROPOSAL_ID.test(reference);

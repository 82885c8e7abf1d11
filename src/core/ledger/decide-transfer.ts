import { type DomainError, domainError } from '../errors.ts';
import type { EventData } from '../events/catalogue.ts';
import { asNodeId, type NodeId, type Sku } from '../ids.ts';
import { err, ok, type Result } from '../result.ts';
import { account, at } from './buckets.ts';
import { withLatePostingCorrection } from './late-posting.ts';
import { emptyChange, type LedgerChange, type TransferLine } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import { type Movement, movement } from './movement.ts';

/**
 * A transfer ships origin/available → destination/inbound: the units stay on the books while on
 * the truck. Several shipments under one (transferId, sku) add up (partial shipments), provided
 * they travel the same lane.
 */
export function decideTransferShipped(
  sku: Sku,
  node: NodeId,
  data: EventData['transfer.shipped'],
  view: LedgerView,
  t: number,
): Result<LedgerChange, DomainError> {
  const toNode = asNodeId(data.toNode);
  if (toNode === node) return err(domainError('invalid_event', 'toNode must differ from node', 'data.toNode'));
  const existing = view.transferLine(data.transferId, sku);
  if (existing && (existing.fromNode !== node || existing.toNode !== toNode)) {
    return err(
      domainError(
        'transfer_conflict',
        `transfer ${data.transferId} for ${sku} runs ${existing.fromNode} → ${existing.toNode}, not ${node} → ${toNode}`,
        'data.transferId',
      ),
    );
  }
  const line: TransferLine = {
    transferId: data.transferId,
    sku,
    fromNode: node,
    toNode,
    shippedQty: (existing?.shippedQty ?? 0) + data.qty,
    receivedQty: existing?.receivedQty ?? 0,
    shippedAtMs: existing?.shippedAtMs ?? t,
    expectedAtMs: data.expectedAt === undefined ? (existing?.expectedAtMs ?? null) : Date.parse(data.expectedAt),
  };
  const movements = [movement(sku, at(node, 'available'), at(toNode, 'inbound'), data.qty, 'transfer_out', t)];
  return ok(withLatePostingCorrection(sku, { ...emptyChange(), movements, transferLines: [line] }, view, t));
}

/**
 * Receipt of a transfer at its destination: inbound → available for what is still in transit.
 * Units beyond what was shipped were found: they come from shrink, so nothing appears from nowhere.
 */
export function decideTransferReceived(
  sku: Sku,
  node: NodeId,
  data: EventData['transfer.received'],
  view: LedgerView,
  t: number,
): Result<LedgerChange, DomainError> {
  const line = view.transferLine(data.transferId, sku);
  if (!line) return err(domainError('unknown_transfer', `no shipped transfer ${data.transferId} for ${sku}`, 'data.transferId'));
  if (line.toNode !== node) {
    return err(domainError('invalid_event', `transfer ${data.transferId} goes to ${line.toNode}, not ${node}`, 'data.node'));
  }
  const inTransit = Math.max(0, line.shippedQty - line.receivedQty);
  const fromInbound = Math.min(inTransit, data.qty);
  const found = data.qty - fromInbound;
  const movements: Movement[] = [];
  if (fromInbound > 0) movements.push(movement(sku, at(node, 'inbound'), at(node, 'available'), fromInbound, 'transfer_in', t));
  if (found > 0) movements.push(movement(sku, account('shrink'), at(node, 'available'), found, 'found', t));
  const updated = { ...line, receivedQty: line.receivedQty + fromInbound };
  return ok(withLatePostingCorrection(sku, { ...emptyChange(), movements, transferLines: [updated] }, view, t));
}

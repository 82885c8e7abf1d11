import { asNodeId, asSku } from '../ids.ts';
import type { BucketQuantities } from '../ledger/position.ts';
import type { CauseEvidence } from './likely-cause.ts';

type Effect = Partial<{ -readonly [B in keyof BucketQuantities]: number }>;
type Data = {
  readonly sku?: unknown;
  readonly node?: unknown;
  readonly qty?: unknown;
  readonly delta?: unknown;
  readonly reason?: unknown;
  readonly into?: unknown;
  readonly toNode?: unknown;
};

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** What the event would do to the buckets of its own node, by type (docs/ledger.md); null when unknown. */
function effectOf(type: string, d: Data): Effect | null {
  const qty = count(d.qty);
  switch (type) {
    case 'pos.sale':
      return qty === null ? null : { available: -qty };
    case 'pos.return':
      return qty === null ? null : { quarantine: qty };
    case 'wms.receipt':
      return qty === null ? null : d.into === 'quarantine' ? { quarantine: qty } : { available: qty };
    case 'wms.adjustment': {
      const delta = count(d.delta);
      if (delta === null) return null;
      return d.reason === 'damage' ? { available: -Math.abs(delta), damaged: Math.abs(delta) } : { available: delta };
    }
    case 'transfer.shipped':
      return qty === null ? null : { available: -qty };
    case 'transfer.received':
      return qty === null ? null : { inbound: -qty, available: qty };
    case 'supplier.asn':
    case 'erp.po.created':
      return qty === null ? null : { inbound: qty };
    default:
      // A cycle count's effect depends on the ledger at its time; workflow events on holds. Not guessed.
      return null;
  }
}

/**
 * The `in_flight` evidence of an event that was received but not applied (a pending dead letter):
 * its business time must be at or before `asOfMs` (the source may have seen it), and its effect
 * on its node is read from its type and data. Null for an unreadable body, an event after asOf,
 * or a type whose effect cannot be known without the ledger (a cycle count).
 *
 * @example inFlightEvidence('pos/e-9', '{"type":"pos.sale","time":"2026-03-01T10:00:00Z","data":{"sku":"A","node":"S1","qty":2}}', asOf)
 * // { kind: 'in_flight', sku: 'A', node: 'S1', reference: 'pos/e-9', effect: { available: -2 } }
 */
export function inFlightEvidence(reference: string, body: string, asOfMs: number): CauseEvidence | null {
  let event: { type?: unknown; time?: unknown; data?: Data };
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    return null;
  }
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.time !== 'string') return null;
  const occurredAtMs = Date.parse(event.time);
  if (!Number.isFinite(occurredAtMs) || occurredAtMs > asOfMs) return null;
  const d = event.data;
  if (typeof d !== 'object' || d === null || typeof d.sku !== 'string' || typeof d.node !== 'string') return null;
  const effect = effectOf(event.type, d);
  return effect === null ? null : { kind: 'in_flight', sku: asSku(d.sku), node: asNodeId(d.node), reference, effect };
}

/** A CloudEvents 1.0 structured-JSON event as our own producers send it (`time` from business epoch ms). */
export type OutgoingEvent = {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly data: unknown;
};

/**
 * The envelope every in-house producer (the demo data, the simulator) builds, so they all send
 * what `envelopeSchema` accepts.
 *
 * @example
 * buildEvent('pos-1', 'simulator/pos', 'pos.sale', Date.parse('2026-03-07T10:00:00Z'), { sku: 'A', node: 'S1', qty: 1 })
 */
export function buildEvent(id: string, source: string, type: string, atMs: number, data: unknown): OutgoingEvent {
  return { specversion: '1.0', id, source, type, time: new Date(atMs).toISOString(), data };
}

/**
 * Opening stock as `wms.receipt` events, one per (sku, node), with ids that repeat for the same
 * line, so loading it twice is a no-op (idempotency on (source, id)).
 */
export function openingReceipts(
  lines: readonly { readonly sku: string; readonly node: string; readonly qty: number }[],
  source: string,
  atMs: number,
): OutgoingEvent[] {
  return lines.map((line) => buildEvent(`opening-${line.sku}-${line.node}`, source, 'wms.receipt', atMs, { sku: line.sku, node: line.node, qty: line.qty }));
}

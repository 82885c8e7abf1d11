import type { DraftAt, ExpectedError, GeneratedEvent } from './event-arbitraries.ts';

/**
 * A deliberately simple model of the ledger (a test-side auditor, TigerBeetle style), written from
 * the business rules of issue 2 and ARCHITECTURE §1 without src/core/ledger: it keeps plain
 * numbers per (sku, node, bucket) and per (sku, account) and applies each accepted event directly.
 *
 * Rules, stated the way a stock controller would:
 * - A late event (business time at or before the last applied count of that SKU at a node) was
 *   already seen by the count, so whatever it would add to or take from the sellable shelf at
 *   that node is settled against `shrink` instead: the shelf does not move twice.
 * - A count is a snapshot as of its time: expected = the sum of every sellable change at that node
 *   with a business time at or before the count. A count not newer than the last one moves nothing.
 * - Duplicates (same source and id as an accepted event) change nothing; so do rejected events.
 */
export type AuditStatus = 'accepted' | 'duplicate' | 'rejected';
export type AuditVerdict = { readonly status: AuditStatus; readonly error?: ExpectedError };

type Quantities = { available: number; reserved: number; allocated: number; quarantine: number; refurbish: number; damaged: number; inbound: number };
export type AuditCount = { countedAtMs: number; countedQty: number; expectedQty: number; variance: number; superseded: boolean };

const zero = (): Quantities => ({ available: 0, reserved: 0, allocated: 0, quarantine: 0, refurbish: 0, damaged: 0, inbound: 0 });
const k = (...parts: string[]): string => parts.join('\u0000');

export class LedgerAuditor {
  private readonly quantities = new Map<string, Quantities>();
  private readonly balances = new Map<string, number>();
  private readonly lastCount = new Map<string, number>();
  /** Every change of sellable units per (sku, node) with its business time, for as-of counts. */
  private readonly shelfHistory = new Map<string, { atMs: number; delta: number }[]>();
  private readonly documents = new Map<string, { announced: number; received: number }>();
  private readonly transfers = new Map<string, { from: string; to: string; shipped: number; received: number }>();
  private readonly countLog = new Map<string, AuditCount[]>();
  private readonly acceptedKeys = new Set<string>();
  /** Dead letters the store must hold: every rejection except copies sharing one in a flush. */
  deadLetters = 0;

  /**
   * Applies the events of one group-committed transaction, in order. Within one flush, a copy of
   * an event the core rejected shares that rejection (ingest-events.ts documents this).
   */
  applyFlush(events: readonly GeneratedEvent[]): AuditVerdict[] {
    const rejectedInFlush = new Map<string, ExpectedError>();
    return events.map((e) => {
      if (e.expectedError !== null || e.draft === null) {
        this.deadLetters++;
        return { status: 'rejected', error: e.expectedError ?? { code: '?', field: '?' } };
      }
      const key = e.key as string;
      if (this.acceptedKeys.has(key)) return { status: 'duplicate' };
      const shared = rejectedInFlush.get(key);
      if (shared) return { status: 'rejected', error: shared };
      const error = this.apply(e.draft);
      if (error) {
        rejectedInFlush.set(key, error);
        this.deadLetters++;
        return { status: 'rejected', error };
      }
      this.acceptedKeys.add(key);
      return { status: 'accepted' };
    });
  }

  /** Non-zero positions keyed `sku\u0000node`. */
  positions(): Map<string, Quantities> {
    return new Map([...this.quantities].filter(([, q]) => Object.values(q).some((v) => v !== 0)).map(([key, q]) => [key, { ...q }]));
  }

  /** Non-zero account balances keyed `sku\u0000account` (units in are negative, out positive). */
  accounts(): Map<string, number> {
    return new Map([...this.balances].filter(([, v]) => v !== 0));
  }

  lastCountedAtMs(sku: string, node: string): number | null {
    return this.lastCount.get(k(sku, node)) ?? null;
  }

  counts(sku: string, node: string): AuditCount[] {
    return this.countLog.get(k(sku, node)) ?? [];
  }

  private bucket(sku: string, node: string): Quantities {
    let q = this.quantities.get(k(sku, node));
    if (!q) {
      q = zero();
      this.quantities.set(k(sku, node), q);
    }
    return q;
  }

  private account(sku: string, name: string, delta: number): void {
    this.balances.set(k(sku, name), (this.balances.get(k(sku, name)) ?? 0) + delta);
  }

  private isLate(sku: string, node: string, atMs: number): boolean {
    const counted = this.lastCount.get(k(sku, node));
    return counted !== undefined && atMs <= counted;
  }

  /** Puts `delta` units on (or, negative, takes them off) the sellable shelf, or settles them against shrink when late. */
  private shelf(sku: string, node: string, delta: number, atMs: number): void {
    if (this.isLate(sku, node, atMs)) {
      this.account(sku, 'shrink', delta);
      return;
    }
    this.bucket(sku, node).available += delta;
    const history = this.shelfHistory.get(k(sku, node)) ?? [];
    history.push({ atMs, delta });
    this.shelfHistory.set(k(sku, node), history);
  }

  /** Applies one well-formed event; returns the rejection the core must give, or null. */
  private apply(d: DraftAt): ExpectedError | null {
    const { sku, node } = d.data;
    switch (d.type) {
      case 'pos.sale':
        this.account(sku, 'customer', d.data.qty);
        this.shelf(sku, node, -d.data.qty, d.atMs);
        return null;
      case 'pos.return':
        this.account(sku, 'customer', -d.data.qty);
        this.bucket(sku, node).quarantine += d.data.qty;
        return null;
      case 'wms.receipt':
        return this.receipt(d.data, d.atMs);
      case 'wms.adjustment':
        return this.adjustment(d.data, d.atMs);
      case 'wms.cycle_count':
        return this.count(sku, node, d.data.countedQty, d.atMs);
      case 'supplier.asn':
      case 'erp.po.created': {
        const doc = this.documents.get(k(d.data.reference, sku, node)) ?? { announced: 0, received: 0 };
        const increase = Math.max(0, d.data.qty - doc.announced);
        this.account(sku, 'supplier', -increase);
        this.bucket(sku, node).inbound += increase;
        this.documents.set(k(d.data.reference, sku, node), { announced: Math.max(doc.announced, d.data.qty), received: doc.received });
        return null;
      }
      case 'transfer.shipped':
        return this.shipped(d.data, d.atMs);
      case 'transfer.received':
        return this.received(d.data, d.atMs);
    }
  }

  private receipt(data: Extract<DraftAt, { type: 'wms.receipt' }>['data'], atMs: number): null {
    const { sku, node, qty } = data;
    const doc = data.reference === undefined ? undefined : this.documents.get(k(data.reference, sku, node));
    const fromInbound = doc ? Math.min(qty, Math.max(0, doc.announced - doc.received)) : 0;
    if (doc) doc.received += fromInbound;
    this.bucket(sku, node).inbound -= fromInbound;
    this.account(sku, 'supplier', -(qty - fromInbound));
    if (data.into === 'quarantine') this.bucket(sku, node).quarantine += qty;
    else this.shelf(sku, node, qty, atMs);
    return null;
  }

  private adjustment(data: Extract<DraftAt, { type: 'wms.adjustment' }>['data'], atMs: number): null {
    const { sku, node, delta } = data;
    if (delta < 0 && data.reason === 'damage') this.bucket(sku, node).damaged += -delta;
    else this.account(sku, 'shrink', -delta);
    this.shelf(sku, node, delta, atMs);
    return null;
  }

  private count(sku: string, node: string, countedQty: number, atMs: number): null {
    const history = this.shelfHistory.get(k(sku, node)) ?? [];
    const expectedQty = history.filter((h) => h.atMs <= atMs).reduce((sum, h) => sum + h.delta, 0);
    const superseded = this.isLate(sku, node, atMs);
    const variance = countedQty - expectedQty;
    const log = this.countLog.get(k(sku, node)) ?? [];
    log.push({ countedAtMs: atMs, countedQty, expectedQty, variance, superseded });
    this.countLog.set(k(sku, node), log);
    if (superseded) return null;
    this.account(sku, 'shrink', -variance);
    this.shelf(sku, node, variance, atMs);
    this.lastCount.set(k(sku, node), atMs);
    return null;
  }

  private shipped(data: Extract<DraftAt, { type: 'transfer.shipped' }>['data'], atMs: number): ExpectedError | null {
    const { sku, node, toNode, qty } = data;
    if (toNode === node) return { code: 'invalid_event', field: 'data.toNode' };
    const line = this.transfers.get(k(data.transferId, sku));
    if (line && (line.from !== node || line.to !== toNode)) return { code: 'transfer_conflict', field: 'data.transferId' };
    this.transfers.set(k(data.transferId, sku), { from: node, to: toNode, shipped: (line?.shipped ?? 0) + qty, received: line?.received ?? 0 });
    this.bucket(sku, toNode).inbound += qty;
    this.shelf(sku, node, -qty, atMs);
    return null;
  }

  private received(data: Extract<DraftAt, { type: 'transfer.received' }>['data'], atMs: number): ExpectedError | null {
    const { sku, node, qty } = data;
    const line = this.transfers.get(k(data.transferId, sku));
    if (!line) return { code: 'unknown_transfer', field: 'data.transferId' };
    if (line.to !== node) return { code: 'invalid_event', field: 'data.node' };
    const fromInbound = Math.min(qty, Math.max(0, line.shipped - line.received));
    line.received += fromInbound;
    this.bucket(sku, node).inbound -= fromInbound;
    // Units beyond what was shipped were found: they come off shrink.
    this.account(sku, 'shrink', -(qty - fromInbound));
    this.shelf(sku, node, qty, atMs);
    return null;
  }
}

import type { ReturnAuthorisation } from '../core/returns/return-authorisation.ts';
import type { ReturnHistoryEntry } from '../core/returns/return-history.ts';
import type { DispositionOutcome, ReturnState } from '../core/returns/return-unit.ts';
import type { SerialSale } from '../core/returns/serial-check.ts';

/**
 * Returns persistence (issue 4, docs/returns.md). `ReturnTransaction` writes inside the ledger
 * transaction (`IngestTransaction.returns`), so a return's new state, its movements, its history
 * and its cases commit together or not at all; `ReturnRepository` reads committed rows.
 */

/** A sold serial as recorded from `pos.sale` and `fulfillment.shipped`, with the journal entry that sold it. */
export type SoldSerialRow = SerialSale & { readonly eventSeq: number };

export interface ReturnTransaction {
  insertReturn(r: ReturnAuthorisation): Promise<void>;
  /** Reads a return with its units, locking its row until commit on PostgreSQL (transitions serialise on it). */
  lockReturn(id: string): Promise<ReturnAuthorisation | undefined>;
  /** Writes a step's outcome: the header's times and every unit whose state or facts changed. */
  saveReturn(r: ReturnAuthorisation): Promise<void>;
  appendHistory(returnId: string, entries: readonly ReturnHistoryEntry[]): Promise<void>;
  recordSoldSerials(rows: readonly SoldSerialRow[]): Promise<void>;
  /** Every recorded sale of the given (sku, serial) pairs. */
  serialSales(keys: readonly { readonly sku: string; readonly serial: string }[]): Promise<SerialSale[]>;
  /** When an order of `channel` with this reference (or this Omnistock order id) was placed; undefined when none. */
  orderPlacedAtMs(channel: string, orderRef: string): Promise<number | undefined>;
  /** The channel order reference of each Omnistock order id that exists. */
  orderRefsOf(orderIds: readonly string[]): Promise<Map<string, string>>;
}

/** `GET /v1/returns/{id}`: the return with its whole history, oldest first. */
export type ReturnView = ReturnAuthorisation & { readonly history: readonly ReturnHistoryEntry[] };

/** What `GET /v1/stats` reports about returns. */
export type ReturnStatsRows = {
  /** Return-to-stock cycle times (latest restock − receipt, business time) of the most recent restocked returns, ms. */
  readonly cycleTimesMs: readonly number[];
  readonly unitsByState: Readonly<Partial<Record<ReturnState, number>>>;
  /** Units by the latest disposition applied to them. */
  readonly unitsByOutcome: Readonly<Partial<Record<DispositionOutcome, number>>>;
};

export interface ReturnRepository {
  get(id: string): Promise<ReturnView | undefined>;
  /** `sinceMs`: only returns restocked at or after it count for the cycle time. */
  stats(filter: { readonly sinceMs?: number }, samplesMax: number): Promise<ReturnStatsRows>;
}

import type { DemandSeries } from '../core/demand/daily-demand.ts';
import type { ForecastMethod } from '../core/demand/forecast-demand.ts';
import type { Position } from '../core/ledger/position.ts';
import type { InboundKind } from '../core/replenishment/open-inbound.ts';
import type { Proposal, ProposalState } from '../core/replenishment/proposal.ts';
import type { ReorderLevels } from '../core/replenishment/reorder-levels.ts';
import type { Page, PageRequest } from './store.ts';

/**
 * Replenishment persistence (issue 5, docs/replenishment.md "The shell"): the daily-demand
 * projection and the proposals. `ReplenishmentTransaction` writes inside the ledger transaction
 * (`IngestTransaction.replenishment`), so demand moves with the sales that make it and a proposal's
 * status moves with its ERP request and its case; `ReplenishmentRepository` reads committed rows.
 */

/** What the decision saw, kept with a proposal for the audit and the console. */
export type ProposalTrace = {
  readonly basis: Proposal['basis'];
  readonly levels: ReorderLevels;
  readonly forecast: {
    readonly method: ForecastMethod;
    readonly historyDays: number;
    readonly demandPerDay: number;
    readonly errorStdDev: number;
  };
  /** Units of other open proposals (proposed or approved) counted as inbound by the decision. */
  readonly pendingProposalUnits: number;
  /** Late inbound documents of the position at decision time (their references). */
  readonly lateInbound: readonly string[];
};

/** A stored proposal: the core's proposal with its trace. */
export type ProposalRecord = Proposal & { readonly trace: ProposalTrace; readonly updatedAtMs: number };

export type ProposalFilter = {
  readonly status?: ProposalState;
  readonly sku?: string;
  readonly node?: string;
  readonly kind?: InboundKind;
};

/** An open inbound line of a node: an ASN/PO with units outstanding, or a transfer in transit. */
export type OpenInboundRow = {
  readonly kind: InboundKind;
  readonly reference: string;
  readonly sku: string;
  readonly node: string;
  readonly outstandingUnits: number;
  /** Shipping time of a transfer; null for an ASN/PO (the ledger keeps no creation time for them). */
  readonly placedAtMs: number | null;
  readonly expectedAtMs: number | null;
};

/** Everything a replenishment run reads for a chunk of SKUs, every node. */
export type ReplenishmentSnapshot = {
  readonly positions: readonly Position[];
  readonly demand: readonly DemandSeries[];
  readonly openInbound: readonly OpenInboundRow[];
  /** Proposals still waiting for approval or for the ERP (`proposed`, `approved`). */
  readonly pendingProposals: readonly ProposalRecord[];
};

/** The writes and reads of replenishment inside the ledger transaction. */
export interface ReplenishmentTransaction {
  /** Stored demand series of the keys (absent ones have none yet). */
  demandSeries(keys: readonly { readonly sku: string; readonly node: string }[]): Promise<DemandSeries[]>;
  /** Upserts whole series (replacing what is stored for their keys). */
  writeDemandSeries(series: readonly DemandSeries[], nowMs: number): Promise<void>;
  /** Inserts proposals whose id is new (`on conflict (id) do nothing`); returns the ids inserted. */
  insertProposals(proposals: readonly ProposalRecord[]): Promise<Set<string>>;
  /** Reads a proposal, locking its row until commit on PostgreSQL. */
  lockProposal(id: string): Promise<ProposalRecord | undefined>;
  /** Writes a transition's outcome (status, reviewer, reference, close time, note). */
  updateProposal(p: Proposal, nowMs: number): Promise<void>;
  /**
   * Fills a missing `expectedAt` of inbound documents and transfer lines: `expected_at` is set
   * only where it is null, so an explicit time from the event always wins.
   */
  defaultExpectedAt(
    documents: readonly { readonly reference: string; readonly sku: string; readonly node: string; readonly expectedAtMs: number }[],
    transfers: readonly { readonly transferId: string; readonly sku: string; readonly expectedAtMs: number }[],
  ): Promise<void>;
}

/** Committed replenishment rows, for the run, the HTTP API and the CLI. */
export interface ReplenishmentRepository {
  proposal(id: string): Promise<ProposalRecord | undefined>;
  /** Proposals by id order (ids start with their day, so oldest first), filtered. */
  listProposals(filter: ProposalFilter, page: PageRequest): Promise<Page<ProposalRecord>>;
  /** SKUs with a position (at `node` when given), in order, after `afterSku`. */
  skusWithPositions(filter: { readonly sku?: string; readonly node?: string }, afterSku: string | null, limit: number): Promise<string[]>;
  /** Positions, demand, open inbound and pending proposals of the SKUs at every node. */
  snapshot(skus: readonly string[]): Promise<ReplenishmentSnapshot>;
  /** How many (sku, node) positions a run over `filter` visits (for a progress bar). */
  countPositions(filter: { readonly sku?: string; readonly node?: string }): Promise<number>;
}

import type { NodeId, Sku } from '../ids.ts';
import type { InboundKind } from './open-inbound.ts';

/**
 * A replenishment proposal's lifecycle (ARCHITECTURE §2: workflows are transition tables).
 * Automatic proposals (under the approval threshold) are approved by the shell as actor `system`.
 */
export const PROPOSAL_STATES = ['proposed', 'approved', 'rejected', 'ordered', 'received', 'cancelled'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const PROPOSAL_TRANSITIONS = {
  proposed: ['approved', 'rejected'],
  approved: ['ordered'],
  ordered: ['received', 'cancelled'],
  rejected: [],
  received: [],
  cancelled: [],
} as const satisfies Record<ProposalState, readonly ProposalState[]>;

/** What the decision proposes: a transfer from a DC or a purchase order, before it has an id. */
export type ProposalDraft = {
  readonly kind: InboundKind;
  readonly sku: Sku;
  /** The node being replenished (destination). */
  readonly node: NodeId;
  /** Origin DC of a transfer; null for a purchase order. */
  readonly fromNode: NodeId | null;
  /** Supplier of a purchase order (null when the policy names none); null for a transfer. */
  readonly supplier: string | null;
  readonly qty: number;
  readonly unitCost: number;
  /** qty × unitCost, in 1/10,000 of the currency. */
  readonly value: number;
  /** Value above the policy's `approvalValueAbove`: a person approves it (`approval_required` case). */
  readonly approvalRequired: boolean;
  /** Decision time + the lane's lead time: the default `expectedAt` of the resulting document. */
  readonly expectedAtMs: number;
  /** The figures the decision saw, kept for the audit and the console. */
  readonly basis: { readonly position: number; readonly reorderPoint: number; readonly orderUpTo: number };
  readonly decidedAtMs: number;
};

/** A stored proposal: the draft with its id (chosen by the shell) and its state. */
export type Proposal = ProposalDraft & {
  readonly id: string;
  readonly status: ProposalState;
  /** Who approved or rejected it (`system` for automatic proposals), and when. */
  readonly decidedBy: string | null;
  readonly reviewedAtMs: number | null;
  /** ERP document number (PO) or transfer id once ordered. */
  readonly orderReference: string | null;
  readonly closedAtMs: number | null;
  readonly note: string | null;
};

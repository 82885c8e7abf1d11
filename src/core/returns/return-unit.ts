import type { Sku } from '../ids.ts';

/**
 * States of one returned unit (STYLE §5). A return is tracked unit by unit, because two units of
 * one line routinely end in different places (one restocked, one scrapped); the return's own
 * status is derived from its units (`returnStatus`).
 */
export const RETURN_STATES = [
  'authorised',
  'received',
  'inspected',
  'restocked',
  'refurbishing',
  'damaged',
  'returned_to_vendor',
  'disposed',
  'cancelled',
] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

/** The legal transitions; everything else is an error naming the state, never a silent no-op. */
export const RETURN_TRANSITIONS = {
  authorised: ['received', 'cancelled'],
  received: ['inspected'],
  inspected: ['restocked', 'refurbishing', 'damaged'],
  refurbishing: ['restocked', 'damaged'],
  damaged: ['returned_to_vendor', 'disposed'],
  restocked: [],
  returned_to_vendor: [],
  disposed: [],
  cancelled: [],
} as const satisfies Record<ReturnState, readonly ReturnState[]>;

export const isTerminal = (s: ReturnState): boolean => RETURN_TRANSITIONS[s].length === 0;

/** Condition grade from the inspection bench: A as new … D beyond repair. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const PACKAGING_CONDITIONS = ['sealed', 'opened', 'damaged', 'missing'] as const;
export type PackagingCondition = (typeof PACKAGING_CONDITIONS)[number];

/** `unknown`: no sale of the unit (or its order) was found, so the sale date is unknown. */
export const WARRANTY_STATUSES = ['in_warranty', 'expired', 'unknown'] as const;
export type WarrantyStatus = (typeof WARRANTY_STATUSES)[number];

/** What the serial check found: sold on the return's order, sold by us on another, or never sold (a case). */
export const SERIAL_CHECKS = ['sold_on_order', 'sold_elsewhere', 'never_sold'] as const;
export type SerialCheck = (typeof SERIAL_CHECKS)[number];

/**
 * What a disposition does with a unit. `restock`, `refurbish` and `damaged` resolve an inspected
 * unit; `restock` and `damaged` also end a refurbishment; `vendor_return` and `dispose` settle a
 * damaged unit.
 */
export const DISPOSITION_OUTCOMES = ['restock', 'refurbish', 'damaged', 'vendor_return', 'dispose'] as const;
export type DispositionOutcome = (typeof DISPOSITION_OUTCOMES)[number];

/** The state each outcome leads to. */
export const OUTCOME_TARGET = {
  restock: 'restocked',
  refurbish: 'refurbishing',
  damaged: 'damaged',
  vendor_return: 'returned_to_vendor',
  dispose: 'disposed',
} as const satisfies Record<DispositionOutcome, ReturnState>;

/** What the inspection bench reported about a unit, with what the shell looked up for it. */
export type Inspection = {
  readonly grade: Grade;
  readonly packaging: PackagingCondition;
  /** The serial read on the unit; null for a non-serialized item. */
  readonly serial: string | null;
  /** Null for a non-serialized item. */
  readonly serialCheck: SerialCheck | null;
  readonly warranty: WarrantyStatus;
  /** The sale the warranty runs from, epoch ms; null when unknown. */
  readonly soldAtMs: number | null;
  readonly notes: string | null;
  readonly atMs: number;
};

/** One returned unit. `unitNo` numbers the units of a return from 1, in authorisation line order. */
export type ReturnUnit = {
  readonly unitNo: number;
  readonly sku: Sku;
  /** The serial the customer declared on authorisation; null when none was given. */
  readonly serial: string | null;
  readonly state: ReturnState;
  readonly inspection: Inspection | null;
  /** The latest disposition applied (null before any). */
  readonly outcome: DispositionOutcome | null;
  readonly receivedAtMs: number | null;
  readonly restockedAtMs: number | null;
  readonly updatedAtMs: number;
};

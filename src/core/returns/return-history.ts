/** What happened to a return, in order: `GET /v1/returns/{id}` shows the whole list. */
export const RETURN_ACTIONS = ['authorised', 'received', 'inspected', 'disposed', 'cancelled', 'case_opened'] as const;
export type ReturnAction = (typeof RETURN_ACTIONS)[number];

/** One append-only history entry; `unitNo` and `sku` are null for an action on the whole return. */
export type ReturnHistoryEntry = {
  readonly atMs: number;
  readonly action: ReturnAction;
  readonly unitNo: number | null;
  readonly sku: string | null;
  /** JSON-serialisable facts (grade, outcome, the rule that decided, the cause). */
  readonly details: Readonly<Record<string, unknown>>;
};

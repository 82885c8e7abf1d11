import { MemoryOutbox } from '../../../src/adapters/outbox-memory/memory-outbox.ts';
import type { NewOutboxMessage, OutboxMessage, OutboxRepository } from '../../../src/ports/outbox.ts';

/**
 * Outbox repositories the contract and dispatcher suites run against. The SQL stores add an entry
 * here whose `insert` writes rows the way the ledger transaction does.
 */
export type OutboxBackend = {
  readonly name: string;
  /** Why this backend is skipped, or null when it runs. */
  readonly skipReason: string | null;
  open(): Promise<OpenedOutbox>;
};

export type OpenedOutbox = {
  readonly outbox: OutboxRepository;
  /** Writes rows as the ledger transaction would; ids grow in call order. */
  insert(messages: readonly NewOutboxMessage[]): Promise<OutboxMessage[]>;
  dispose(): Promise<void>;
};

export const OUTBOX_BACKENDS: readonly OutboxBackend[] = [
  {
    name: 'memory',
    skipReason: null,
    async open() {
      const outbox = new MemoryOutbox();
      return { outbox, insert: async (m) => outbox.insert(m), dispose: async () => undefined };
    },
  },
];

/** A `channel_availability` row for `channel`/`sku` with `available` units, caused at `atMs`. */
export const availabilityRow = (channel: string, sku: string, available: number, atMs: number): NewOutboxMessage => ({
  kind: 'channel_availability',
  channel,
  sku,
  payload: { available },
  causedAtMs: atMs,
  createdAtMs: atMs,
});

import type { Readable } from 'node:stream';

/** Where a scheduled snapshot comes from (the policy's `reconciliation.schedule`). */
export type SnapshotTarget = { readonly url: string; readonly format: 'json' | 'csv' };

/** A pulled snapshot, undecoded: JSON as parsed, CSV as a byte stream (read row by row by the app). */
export type PulledSnapshot = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'csv'; readonly stream: Readable };

/** The source connector of scheduled reconciliation; adapters: HTTP GET (`adapters/snapshot-http`). Throws on transport errors. */
export interface SnapshotPuller {
  pull(target: SnapshotTarget): Promise<PulledSnapshot>;
}

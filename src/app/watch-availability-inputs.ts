import { createHash } from 'node:crypto';
import { limits } from '../core/limits.ts';
import type { Store } from '../ports/store.ts';

/**
 * A fingerprint of what channel availability depends on besides positions: the policy version in
 * force and every channel's type, tier and nodes. When it changes (in this process or another),
 * the projection must be rebuilt. Polling keeps processes independent of each other.
 */
export async function availabilityInputsFingerprint(store: Store, policyVersion: number): Promise<string> {
  const hash = createHash('sha256').update(`policy:${policyVersion}`);
  let cursor: string | null = null;
  do {
    const page = await store.masterData.listChannels({ cursor, limit: limits.pageSizeMax });
    for (const c of page.items) hash.update(`|${c.channelId}:${c.type}:${c.marginTier}:${c.nodes.join(',')}`);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return hash.digest('hex');
}

import { type DomainError, domainError } from '../core/errors.ts';
import type { Channel } from '../core/master-data/channel.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Store } from '../ports/store.ts';

/**
 * Creates or replaces a channel after checking that every node it sells from exists: a channel
 * selling from a misspelt node would silently show no availability there.
 * The error names the first unknown node's position in the list (`nodes.2`).
 */
export async function putChannel(store: Store, channel: Channel): Promise<Result<Channel, DomainError>> {
  const existing = await store.masterData.existingNodes(channel.nodes);
  const index = channel.nodes.findIndex((n) => !existing.has(n));
  if (index >= 0) {
    return err(domainError('unknown_node', `no node ${channel.nodes[index]}; create it with PUT /v1/nodes/{nodeId} first`, `nodes.${index}`));
  }
  await store.masterData.putChannel(channel);
  return ok(channel);
}

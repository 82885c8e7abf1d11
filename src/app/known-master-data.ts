import type { MasterDataRepository } from '../ports/store.ts';

/**
 * Remembers which SKUs and nodes exist, so validating a batch costs no query in the common case.
 * Only positive answers are cached: items and nodes are never deleted, so "exists" never goes
 * stale, while an unknown id is looked up again (it may have been created since).
 */
export class KnownMasterData {
  private readonly skus = new Set<string>();
  private readonly nodes = new Set<string>();
  private static readonly cachedIdsMax = 2_000_000;

  constructor(private readonly repository: MasterDataRepository) {}

  async missing(skus: Iterable<string>, nodes: Iterable<string>): Promise<{ skus: Set<string>; nodes: Set<string> }> {
    const unknownSkus = [...new Set(skus)].filter((s) => !this.skus.has(s));
    const unknownNodes = [...new Set(nodes)].filter((n) => !this.nodes.has(n));
    const [foundSkus, foundNodes] = await Promise.all([this.repository.existingSkus(unknownSkus), this.repository.existingNodes(unknownNodes)]);
    if (this.skus.size + foundSkus.size > KnownMasterData.cachedIdsMax) this.skus.clear();
    if (this.nodes.size + foundNodes.size > KnownMasterData.cachedIdsMax) this.nodes.clear();
    for (const s of foundSkus) this.skus.add(s);
    for (const n of foundNodes) this.nodes.add(n);
    return { skus: new Set(unknownSkus.filter((s) => !foundSkus.has(s))), nodes: new Set(unknownNodes.filter((n) => !foundNodes.has(n))) };
  }
}

/**
 * What is physically on the shelf, per SKU and node, as the simulated world knows it and the
 * ledger may not yet (a sale not posted, a theft not counted). Counts report it; picks and till
 * sales can take only what is there.
 */
export class PhysicalStock {
  private readonly units = new Map<string, number>();

  private static key(sku: string, node: string): string {
    return `${sku}|${node}`;
  }

  on(sku: string, node: string): number {
    return this.units.get(PhysicalStock.key(sku, node)) ?? 0;
  }

  add(sku: string, node: string, qty: number): void {
    this.units.set(PhysicalStock.key(sku, node), this.on(sku, node) + qty);
  }

  /** Takes up to `qty` units; returns how many were there to take. */
  take(sku: string, node: string, qty: number): number {
    const taken = Math.min(qty, this.on(sku, node));
    if (taken > 0) this.units.set(PhysicalStock.key(sku, node), this.on(sku, node) - taken);
    return taken;
  }
}

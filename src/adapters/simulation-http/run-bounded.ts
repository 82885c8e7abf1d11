/**
 * Runs `task` over every item with at most `inFlightMax` calls at once; results in item order.
 *
 * Unlike `Promise.all` over a mapped pool, a failure stops the scheduling of new calls and the
 * function waits for the calls already in flight before it throws the first error: when it
 * returns or throws, no request of it is still running, so a caller that gives up (and disposes
 * the target) leaves nothing behind.
 *
 * @example
 * await runBounded(items, 16, (item) => client.put(`/v1/items/${item.sku}`, item));
 */
export async function runBounded<T, R>(items: readonly T[], inFlightMax: number, task: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(inFlightMax) || inFlightMax < 1) throw new Error(`inFlightMax must be a positive integer, got ${inFlightMax}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlightMax, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

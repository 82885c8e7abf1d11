import type { BenchDatabase } from './bench-backends.ts';

/**
 * Raw-SQL loaders for the read-side benchmarks, which need a large state but do not measure how
 * it got there. They write what the ledger would have written, in one statement per table, with
 * the ids of bench-events.ts (`BENCH-000042`, `B007`); a series generator stands in for a loop:
 * `generate_series` on PostgreSQL, a recursive CTE on SQLite.
 */
function series(database: BenchDatabase, count: number): { from: string; pad: (expr: string, width: number) => string } {
  if (database.backend === 'postgres') return { from: `generate_series(0::bigint, ${count - 1}) as n(i)`, pad: (e, w) => `lpad((${e})::text, ${w}, '0')` };
  return {
    from: `(with recursive s(i) as (select 0 union all select i + 1 from s where i < ${count - 1}) select i from s) as n`,
    pad: (e, w) => `printf('%0${w}d', ${e})`,
  };
}

/**
 * `skus` items, and a position with some available stock for every item at every node already
 * stored (nodes come from seedBenchNodesAndChannels). The channel-availability projection is
 * not written: the server builds it on start (`rebuildIfInputsChanged`), as after a restore.
 */
export async function loadItemsAndPositions(database: BenchDatabase, skus: number): Promise<void> {
  const { from, pad } = series(database, skus);
  const int = database.backend === 'postgres' ? 'int' : 'integer';
  await database.exec(`
    insert into item (sku, name, category, unit_cost, unit_price, serialized, substitutes, updated_at)
    select 'BENCH-' || ${pad('i', 6)}, 'Bench item ' || i, 'bench', 4, 9.5, 0, '[]', 0 from ${from};
    insert into position (sku, node, available)
    select i.sku, n.node_id, 1 + (cast(substr(i.sku, 7) as ${int}) * 7 + cast(substr(n.node_id, 2) as ${int})) % 100
    from item i cross join node n;`);
  if (database.backend === 'postgres') await database.exec('vacuum analyze item, position');
}

/**
 * `movements` ledger rows over every position of `skus` × `nodes` — three receipts (supplier → available) for each
 * sale (available → customer) — and the positions they add up to, so that replaying the ledger
 * must reproduce every stored position exactly.
 */
export async function loadMovementsAndPositions(database: BenchDatabase, movements: number, skus: number, nodes: number): Promise<void> {
  const { from, pad } = series(database, movements);
  const sku = `'BENCH-' || ${pad(`(i * 7919) % ${skus}`, 6)}`;
  // Rounds of `skus` movements, each round at the next node (integer division on both databases).
  const node = `'B' || ${pad(`(i / ${skus}) % ${nodes}`, 3)}`;
  await database.exec(`
    insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
    select ${sku},
      case when i % 4 = 3 then ${node} end, case when i % 4 = 3 then 'available' else 'supplier' end,
      case when i % 4 = 3 then null else ${node} end, case when i % 4 = 3 then 'customer' else 'available' end,
      1 + i % 5, case when i % 4 = 3 then 'sale' else 'receipt' end, i + 1, 1800000000000 + i, 1800000000000 + i
    from ${from};
    insert into position (sku, node, available)
    select sku, node, sum(delta) from (
      select sku, to_node as node, qty as delta from movement where to_node is not null
      union all
      select sku, from_node as node, -qty as delta from movement where from_node is not null
    ) d group by sku, node;`);
  if (database.backend === 'postgres') await database.exec('vacuum analyze movement, position');
}

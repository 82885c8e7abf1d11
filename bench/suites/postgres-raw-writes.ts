import pg from 'pg';
import { benchPosition } from '../bench-events.ts';

/**
 * The limit for PostgreSQL ingestion: per event one ledger insert plus one guarded position
 * update, 1,000 events per transaction, on the store's own tables and indexes (`url` is a migrated
 * scratch database), through `pg` on one connection, as the store's single ledger writer uses it.
 *
 * `pg` does not pipeline: a client sends its next query only after the previous one completed. A
 * statement per event therefore pays two network round trips per event, so the honest fastest raw
 * way with this driver is set-based: each transaction binds the 1,000 events as column arrays and
 * runs two prepared statements (the store's own technique, see postgres-ingest-sql.ts):
 *
 *   insert into movement (…) select … from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]);
 *   update position p set available = p.available - t.qty
 *   from (select sku, node, count(*) as qty from unnest($1::text[], $2::text[]) u(sku, node) group by sku, node) t
 *   where p.sku = t.sku and p.node = t.node and p.available - t.qty >= 0;
 *
 * Summing per position keeps one guarded update per event when a batch repeats a position (an
 * `update … from` applies only one matching row per target). `perRow` measures the statement-per-
 * event loop too, to show what the round trips cost.
 */
export async function measurePostgresRawWrites(url: string, options: { events: number; skus: number; nodes: number; perRow: boolean }): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into position (sku, node, available)
       select 'BENCH-' || lpad(s::text, 6, '0'), 'B' || lpad(n::text, 3, '0'), 1000000
       from generate_series(0, ${options.skus - 1}) s cross join generate_series(0, ${options.nodes - 1}) n`,
    );
    await client.query('vacuum analyze position');
    const started = performance.now();
    for (let from = 0; from < options.events; from += 1000) {
      const count = Math.min(1000, options.events - from);
      await client.query('begin');
      if (options.perRow) await writePerRow(client, from, count, options);
      else await writeSetBased(client, from, count, options);
      await client.query('commit');
    }
    return options.events / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

const SET_INSERT = {
  name: 'raw-insert-movements',
  text: `insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
         select sku, node, 'available', null, 'customer', 1, 'sale', event_seq, 1800000000000, recorded_at
         from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) as t(sku, node, event_seq, recorded_at)`,
};
const SET_UPDATE = {
  name: 'raw-update-positions',
  text: `update position p set available = p.available - t.qty
         from (select sku, node, count(*) as qty from unnest($1::text[], $2::text[]) as u(sku, node) group by sku, node) t
         where p.sku = t.sku and p.node = t.node and p.available - t.qty >= 0`,
};

async function writeSetBased(client: pg.Client, from: number, count: number, options: { skus: number; nodes: number }): Promise<void> {
  const skus: string[] = [];
  const nodes: string[] = [];
  const seqs: number[] = [];
  const recorded: number[] = [];
  for (let n = from; n < from + count; n++) {
    const position = benchPosition(n, options.skus, options.nodes);
    skus.push(position.sku);
    nodes.push(position.node);
    seqs.push(n);
    recorded.push(1_800_000_000_000 + n);
  }
  await client.query({ ...SET_INSERT, values: [skus, nodes, seqs, recorded] });
  const updated = await client.query({ ...SET_UPDATE, values: [skus, nodes] });
  const positions = new Set(skus.map((s, i) => `${s}/${nodes[i]}`)).size;
  if (updated.rowCount !== positions) throw new Error(`raw loop: ${updated.rowCount} positions updated, ${positions} expected`);
}

const ROW_INSERT = {
  name: 'raw-insert-movement',
  text: `insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
         values ($1, $2, 'available', null, 'customer', 1, 'sale', $3, 1800000000000, $4)`,
};
const ROW_UPDATE = { name: 'raw-update-position', text: 'update position set available = available - 1 where sku = $1 and node = $2 and available - 1 >= 0' };

async function writePerRow(client: pg.Client, from: number, count: number, options: { skus: number; nodes: number }): Promise<void> {
  for (let n = from; n < from + count; n++) {
    const { sku, node } = benchPosition(n, options.skus, options.nodes);
    await client.query({ ...ROW_INSERT, values: [sku, node, n, 1_800_000_000_000 + n] });
    await client.query({ ...ROW_UPDATE, values: [sku, node] });
  }
}

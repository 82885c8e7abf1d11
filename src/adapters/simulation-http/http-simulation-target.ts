import { parse, stringify } from 'yaml';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { Position } from '../../core/ledger/position.ts';
import { limits } from '../../core/limits.ts';
import type {
  OpenSimulationTarget,
  SimulationCase,
  SimulationMasterData,
  SimulationOrder,
  SimulationOrderRequest,
  SimulationReturnRequest,
  SimulationTarget,
  SimulationVerdict,
} from '../../ports/simulation-target.ts';
import { checkSimulationServer } from './check-simulation-server.ts';
import {
  anyAnswer,
  availabilityAnswer,
  casesPageAnswer,
  currentPolicyAnswer,
  errorCodeAnswer,
  idAnswer,
  orderAnswer,
  positionsAnswer,
  returnAnswer,
  verdictsAnswer,
} from './http-simulation-answers.ts';
import { type HttpAnswer, OmnistockHttpClient, type RequestOptions } from './omnistock-http-client.ts';
import { runBounded } from './run-bounded.ts';
import { SimulationServerError } from './simulation-server-error.ts';

/**
 * Requests in flight at once for per-resource calls (master data, positions, availability batches):
 * enough to hide the round trip on a loopback or LAN link, few enough not to fill the server's
 * group-commit queue (a 2,000-SKU scenario PUTs 2,000 items).
 */
const IN_FLIGHT_MAX = 16;
/** Characters of the `skus` query value per availability request, well under the 16 KiB header limit of Node servers. */
const SKUS_QUERY_CHARS_MAX = 4_000;
/** Pages of `GET /v1/cases` read by `cases()`: at the 1,000-case page cap, ten million cases. */
const CASE_PAGES_MAX = 10_000;

/** How to reach the server: its base URL (`http://127.0.0.1:8080`) and an admin API key. `fetch` is for tests. */
export type HttpSimulationTargetOptions = { readonly url: string; readonly apiKey: string; readonly fetch?: typeof fetch };

const segment = encodeURIComponent;

/**
 * The simulation port over Omnistock's own HTTP API (`omnistock simulate --url`): each method is
 * the route the in-process target's use case sits behind (src/main/simulation/in-process-target.ts).
 * Opening checks that the server answers, that the key is an admin key and that the ledger is
 * empty (check-simulation-server.ts).
 *
 * Time is the server's: `setTime` does nothing, so reservation expiry and case SLAs run on wall
 * time while events carry the scenario's business times (docs/simulator.md, "Over HTTP").
 *
 * @example
 * const open = openHttpSimulationTarget({ url: 'http://127.0.0.1:8080', apiKey });
 * const target = await open(Date.parse(scenario.start));
 */
export function openHttpSimulationTarget(options: HttpSimulationTargetOptions): OpenSimulationTarget {
  return async () => {
    const client = new OmnistockHttpClient(options.url, options.apiKey, options.fetch);
    await checkSimulationServer(client, options.apiKey);
    return httpSimulationTarget(client);
  };
}

function httpSimulationTarget(client: OmnistockHttpClient): SimulationTarget {
  return {
    description: client.baseUrl,
    // The server keeps its own clock; the runner's simulated time reaches it only as event times.
    setTime: () => undefined,
    loadMasterData: (data) => loadMasterData(client, data),
    ingest: (events) => ingest(client, events),
    placeOrder: (r) => createdId(client, 'POST', '/v1/orders', { json: orderBody(r) }),
    async reserveAndConfirm(r, idempotencyKey) {
      if (r.pickupNode !== undefined) throw new Error('pickup orders are placed, not reserved (POST /v1/reservations ships)');
      const held = await createdId(client, 'POST', '/v1/reservations', { json: orderBody(r), headers: { 'idempotency-key': idempotencyKey } });
      return held === null ? null : createdId(client, 'POST', `/v1/reservations/${segment(held)}/confirm`);
    },
    channelUnits: (channel, skus) => channelUnits(client, channel, skus),
    order: (orderId) => order(client, orderId),
    positions: (skus, nodes) => positions(client, skus, nodes),
    cases: () => cases(client),
    openReturn: (r) => openReturn(client, r),
    async returnOf(returnId) {
      const path = `/v1/returns/${segment(returnId)}`;
      const found = readUnlessAbsent(client, 'GET', path, await client.send('GET', path), 'unknown_return');
      if (found === undefined) return undefined;
      const view = client.read(returnAnswer, found, 'GET', path);
      return { receivedAtMs: msOf(view.receivedAt), restockedAtMs: msOf(view.restockedAt), units: view.units };
    },
    // Nothing to free: every method awaits all of its requests (runBounded included), so none is in
    // flight; fetch's idle keep-alive sockets are unreferenced and closed by its pool.
    dispose: async () => undefined,
  };
}

/** Items, nodes, then channels (a channel's nodes must exist), `IN_FLIGHT_MAX` PUTs at a time; then the policy. */
async function loadMasterData(client: OmnistockHttpClient, data: SimulationMasterData): Promise<void> {
  await runBounded(data.items, IN_FLIGHT_MAX, ({ sku, ...item }) => client.expect('PUT', `/v1/items/${segment(sku)}`, 200, anyAnswer, { json: item }));
  await runBounded(data.nodes, IN_FLIGHT_MAX, ({ nodeId, ...node }) => client.expect('PUT', `/v1/nodes/${segment(nodeId)}`, 200, anyAnswer, { json: node }));
  await runBounded(data.channels, IN_FLIGHT_MAX, ({ channelId, ...channel }) =>
    client.expect('PUT', `/v1/channels/${segment(channelId)}`, 200, anyAnswer, { json: channel }),
  );
  await putPolicy(client, data.policyYaml);
}

/**
 * Stores the scenario's policy as the next version. Its document `version` must exceed the one in
 * force (docs/policy.md); a server started with a policy file has one, so the scenario's document
 * is given the next number there (the in-process engine stores it as version 1).
 */
async function putPolicy(client: OmnistockHttpClient, text: string): Promise<void> {
  const current = await client.send('GET', '/v1/policies/current');
  let document = text;
  if (current.status === 200) document = withVersionAbove(text, client.read(currentPolicyAnswer, current, 'GET', '/v1/policies/current').policy.version);
  else if (current.status !== 404) throw client.failure('GET', '/v1/policies/current', current);
  const answer = await client.send('PUT', '/v1/policies', { yaml: document });
  if (answer.status === 200) return;
  if (answer.status !== 400) throw client.failure('PUT', '/v1/policies', answer);
  const details = (answer.body as { details?: { message?: unknown }[] } | null)?.details ?? [];
  const messages = details.map((d) => String(d.message)).join('; ') || JSON.stringify(answer.body);
  throw new SimulationServerError(
    `the scenario's policy was refused by ${client.baseUrl} (PUT /v1/policies answered 400: ${messages}); fix the scenario's policy (docs/policy.md)`,
  );
}

/** The YAML with its top-level `version` raised above `inForce` when it is not already; unreadable YAML is left to the server to name. */
function withVersionAbove(text: string, inForce: number): string {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return text;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return text;
  const version = (doc as { version?: unknown }).version;
  return typeof version === 'number' && version > inForce ? text : stringify({ ...doc, version: inForce + 1 });
}

/** `POST /v1/events` in batches of at most `limits.eventsPerRequestMax`, one verdict per event in order. */
async function ingest(client: OmnistockHttpClient, events: readonly Record<string, unknown>[]): Promise<SimulationVerdict[]> {
  const verdicts: SimulationVerdict[] = [];
  for (let start = 0; start < events.length; start += limits.eventsPerRequestMax) {
    const batch = events.slice(start, start + limits.eventsPerRequestMax);
    const answer = await client.expect('POST', '/v1/events', 200, verdictsAnswer, { json: { events: batch } });
    if (answer.results.length !== batch.length) {
      throw new SimulationServerError(
        `POST /v1/events at ${client.baseUrl} answered ${answer.results.length} verdicts for ${batch.length} events: is the server the same Omnistock version as this CLI?`,
      );
    }
    for (const r of answer.results) verdicts.push({ status: r.status });
  }
  return verdicts;
}

/** The body of `POST /v1/orders` and `POST /v1/reservations` (the routes take no unknown field). */
function orderBody(r: SimulationOrderRequest): Record<string, unknown> {
  return {
    channel: r.channel,
    orderRef: r.orderRef,
    lines: r.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
    ...(r.shipTo && { shipTo: { latitude: r.shipTo.latitude, longitude: r.shipTo.longitude } }),
    ...(r.pickupNode !== undefined && { method: 'pickup', pickupNode: r.pickupNode }),
  };
}

/** The id of what a 201 created, or null for a 409 (not enough stock, an expired hold); anything else throws. */
async function createdId(client: OmnistockHttpClient, method: string, path: string, options: RequestOptions = {}): Promise<string | null> {
  const answer = await client.send(method, path, options);
  if (answer.status === 409) return null;
  if (answer.status !== 201) throw client.failure(method, path, answer);
  return client.read(idAnswer, answer, method, path).id;
}

/** The answer, or undefined for a 404 whose code says the thing does not exist (a 404 for a missing route still throws). */
function readUnlessAbsent(client: OmnistockHttpClient, method: string, path: string, answer: HttpAnswer, absentCode: string): HttpAnswer | undefined {
  if (answer.status === 200) return answer;
  if (answer.status === 404 && errorCodeAnswer.safeParse(answer.body).data?.code === absentCode) return undefined;
  throw client.failure(method, path, answer);
}

/** `GET /v1/availability?channel=&skus=` in batches within the route's `limits.bulkSkusMax` and a URL length bound. */
async function channelUnits(client: OmnistockHttpClient, channel: string, skus: readonly string[]): Promise<Map<string, number>> {
  const answers = await runBounded(skuBatches([...new Set(skus)]), IN_FLIGHT_MAX, (batch) =>
    client.expect('GET', '/v1/availability', 200, availabilityAnswer, { query: { channel, skus: batch.join(',') } }),
  );
  return new Map(answers.flatMap((a) => a.items.map((i): [string, number] => [i.sku, i.ats])));
}

function skuBatches(skus: readonly string[]): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const sku of skus) {
    if (batch.length > 0 && (batch.length >= limits.bulkSkusMax || chars + sku.length + 1 > SKUS_QUERY_CHARS_MAX)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(sku);
    chars += sku.length + 1;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** `GET /v1/orders/{id}`: fulfilment orders, short-pick workflows and notifications as stored. */
async function order(client: OmnistockHttpClient, orderId: string): Promise<SimulationOrder | undefined> {
  const path = `/v1/orders/${segment(orderId)}`;
  const found = readUnlessAbsent(client, 'GET', path, await client.send('GET', path), 'unknown_order');
  if (found === undefined) return undefined;
  const view = client.read(orderAnswer, found, 'GET', path);
  return {
    fulfilmentOrders: view.fulfilmentOrders,
    shortPicks: view.shortPicks,
    notifications: view.notifications.length,
  };
}

/**
 * `GET /v1/positions/{sku}` per SKU (the API has no bulk position read), kept for `nodes`, sorted
 * by SKU then node like the store's read. An unknown SKU has no positions, as in-process.
 * `lastCountedAtMs` is not in the API's answer: it is null here.
 */
async function positions(client: OmnistockHttpClient, skus: readonly string[], nodes: readonly string[]): Promise<Position[]> {
  if (nodes.length === 0) return [];
  const wanted = new Set(nodes);
  const perSku = await runBounded([...new Set(skus)], IN_FLIGHT_MAX, async (sku) => {
    const path = `/v1/positions/${segment(sku)}`;
    const found = readUnlessAbsent(client, 'GET', path, await client.send('GET', path), 'unknown_sku');
    if (found === undefined) return [];
    const view = client.read(positionsAnswer, found, 'GET', path);
    return view.nodes
      .filter((n) => wanted.has(n.node))
      .map(
        ({ node, ...buckets }): Position => ({
          ...buckets,
          sku: asSku(view.sku),
          node: asNodeId(node),
          lastCountedAtMs: null,
        }),
      );
  });
  return perSku.flat().sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/** Every case, page by page at the page cap; auto-resolved = closed by the engine with an `autoReason` (closedBy `system`). */
async function cases(client: OmnistockHttpClient): Promise<SimulationCase[]> {
  const all: SimulationCase[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < CASE_PAGES_MAX; pages++) {
    const query: Record<string, string> = { limit: String(limits.pageSizeMax), ...(cursor !== null && { cursor }) };
    const page = await client.expect('GET', '/v1/cases', 200, casesPageAnswer, { query });
    for (const c of page.items) all.push({ type: c.type, autoResolved: c.autoReason !== null });
    cursor = page.nextCursor;
    if (cursor === null) return all;
  }
  throw new SimulationServerError(`GET /v1/cases at ${client.baseUrl} still had more after ${CASE_PAGES_MAX} pages: is this the scenario's fresh server?`);
}

/** `POST /v1/returns`: the id, or the server's message naming the field for a 4xx the request caused. */
async function openReturn(client: OmnistockHttpClient, r: SimulationReturnRequest): Promise<{ id: string } | { error: string }> {
  const body = {
    orderRef: r.orderRef,
    channel: r.channel,
    node: r.node,
    reason: r.reason,
    lines: r.lines.map((l) => ({ sku: l.sku, qty: l.qty, ...(l.serials !== undefined && { serials: [...l.serials] }) })),
  };
  const answer = await client.send('POST', '/v1/returns', { json: body });
  if (answer.status === 201) return { id: client.read(idAnswer, answer, 'POST', '/v1/returns').id };
  if (answer.status < 400 || answer.status >= 500 || answer.status === 401 || answer.status === 403) throw client.failure('POST', '/v1/returns', answer);
  const error = (answer.body ?? {}) as { message?: unknown; field?: unknown };
  const message = typeof error.message === 'string' ? error.message : `answered ${answer.status}`;
  return { error: typeof error.field === 'string' && !message.includes(error.field) ? `${error.field}: ${message}` : message };
}

const msOf = (time: string | null) => (time === null ? null : Date.parse(time));

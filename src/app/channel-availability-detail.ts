import type { ChannelAvailability } from '../core/availability/channel-availability.ts';
import type { ChannelAvailabilityDetail } from '../ports/store.ts';

/** What the projection stores beside a channel's number (GET /v1/availability shows it). */
export function availabilityDetail(a: ChannelAvailability): ChannelAvailabilityDetail {
  return { networkAts: a.networkAts, nodes: a.nodes.map((n) => ({ node: n.node, ats: n.ats, units: n.units })), applied: a.applied };
}

/** A number as `JSON.stringify` writes it (the projection's numbers are finite; the rest would be null). */
const jsonNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Per channel node list (stable across transactions), each node's `{"node":…,"ats":` text, made once. */
const nodeHeadsOf = new WeakMap<readonly string[], Map<string, string>>();

/**
 * Exactly `JSON.stringify(availabilityDetail(a))`, written without building the detail: the
 * projection serialises every channel's detail of every SKU a transaction touches, to compare it
 * with the stored text, and a channel listing 300 stores has 300 node entries, most of them zero.
 * Building and serialising those objects was a tenth of a default-size simulation.
 * `channelNodes` is the channel's node list the nodes of `a` come from; each node's quoted id is
 * kept per list (weakly, so a list read again after a change starts afresh).
 *
 * @example
 * availabilityDetailJson(a, channel.nodes) === JSON.stringify(availabilityDetail(a)) // always
 */
export function availabilityDetailJson(a: ChannelAvailability, channelNodes: readonly string[]): string {
  let heads = nodeHeadsOf.get(channelNodes);
  if (heads === undefined) {
    heads = new Map();
    nodeHeadsOf.set(channelNodes, heads);
  }
  let json = `{"networkAts":${jsonNumber(a.networkAts)},"nodes":[`;
  for (let i = 0; i < a.nodes.length; i++) {
    const n = a.nodes[i] as ChannelAvailability['nodes'][number];
    let head = heads.get(n.node);
    if (head === undefined) {
      head = `{"node":${JSON.stringify(n.node)},"ats":`;
      heads.set(n.node, head);
    }
    json += `${i === 0 ? '' : ','}${head}${jsonNumber(n.ats)},"units":${jsonNumber(n.units)}}`;
  }
  return `${json}],"applied":${JSON.stringify(a.applied)}}`;
}

// Goal: the projection's hand-written detail text is byte for byte `JSON.stringify` of the detail,
// since the projector compares it with the stored text and GET /v1/availability parses it back.
// Method: fast-check over details of any shape: node ids needing escapes (quotes, backslashes,
// control characters, lone surrogates), any numbers (negative, fractional, -0, NaN, infinities),
// any applied rules, and node lists reused across calls (the per-list memo of quoted ids).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelAvailability } from '../core/availability/channel-availability.ts';
import { asSku } from '../core/ids.ts';
import { availabilityDetail, availabilityDetailJson } from './channel-availability-detail.ts';

const anyNumber = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY));
const nodeId = fc.oneof(fc.string(), fc.constantFrom('ST-0001', 'a"b', 'c\\d', 'e\nf', '\u0000', '\ud800', 'é€𝄞'));
const nodeRow = fc.record({
  node: nodeId,
  available: anyNumber,
  safetyStockUnits: anyNumber,
  ats: anyNumber,
  exposableUnits: anyNumber,
  units: anyNumber,
});
const applied = fc.array(
  fc.oneof(
    fc.constant({ kind: 'unlisted_channel' as const }),
    fc.record({ kind: fc.constant('node_buffer' as const), unitsPerNode: anyNumber }),
    fc.record({ kind: fc.constant('threshold_paused' as const), ruleId: fc.string() }),
  ),
  { maxLength: 3 },
);
const availability = fc.record({
  units: anyNumber,
  networkAts: anyNumber,
  paused: fc.boolean(),
  nodes: fc.array(nodeRow, { maxLength: 12 }),
  applied,
});

describe('availabilityDetailJson', () => {
  it('is JSON.stringify of the detail, whatever the ids and numbers', () => {
    fc.assert(
      fc.property(fc.array(availability, { minLength: 1, maxLength: 4 }), (list) => {
        // One node list for every call, as a channel's list is reused across transactions.
        const channelNodes = list.flatMap((a) => a.nodes.map((n) => n.node));
        for (const a of list) {
          const full: ChannelAvailability = { sku: asSku('SKU-1'), channelId: 'web', sharePercent: null, ...a };
          expect(availabilityDetailJson(full, channelNodes)).toBe(JSON.stringify(availabilityDetail(full)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('writes a channel of many stores, most of them empty, as the detail read back shows it', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => `ST-${String(i + 1).padStart(4, '0')}`);
    const a: ChannelAvailability = {
      sku: asSku('SKU-1'),
      channelId: 'pos',
      units: 3,
      networkAts: 5,
      paused: false,
      sharePercent: null,
      nodes: nodes.map((node, i) => ({
        node,
        available: i === 7 ? 4 : 0,
        safetyStockUnits: i === 7 ? 1 : 0,
        ats: i === 7 ? 3 : 0,
        exposableUnits: i === 7 ? 3 : 0,
        units: i === 7 ? 3 : 0,
      })),
      applied: [{ kind: 'unlisted_channel' }],
    };
    const text = availabilityDetailJson(a, nodes);
    expect(JSON.parse(text)).toEqual(availabilityDetail(a));
    expect(JSON.parse(text).nodes[7]).toEqual({ node: 'ST-0008', ats: 3, units: 3 });
    expect(availabilityDetailJson(a, nodes)).toBe(text);
  });
});

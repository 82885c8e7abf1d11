/**
 * The scenario's policy document with its exposure buffers removed: no safety stock anywhere,
 * and no channel keeps units back per node (`nodeBufferUnits`) or hides a SKU below a minimum
 * (`minimumUnits`). Shares stay: they split stock between channels rather than buffer it. The
 * run with this policy shows what the buffers buy against late postings (docs/simulator.md).
 */
export function withoutExposureBuffers(policy: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const channels = (policy.channels ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...policy,
    description: `${String(policy.description ?? 'policy')} (exposure buffers removed by the simulator)`,
    channels: Object.fromEntries(Object.entries(channels).map(([id, c]) => [id, { ...c, nodeBufferUnits: 0, minimumUnits: 0 }])),
    safetyStock: { default: 0 },
  };
}

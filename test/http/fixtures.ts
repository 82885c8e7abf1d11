/** Valid master-data bodies for HTTP tests; tests override the fields they are about. */
export const itemBody = (overrides: Record<string, unknown> = {}) => ({ name: 'Blue mug', category: 'kitchen', unitCost: 2.5, unitPrice: 7.99, ...overrides });

export const nodeBody = (overrides: Record<string, unknown> = {}) => ({
  type: 'store',
  name: 'Berlin Mitte',
  region: 'north',
  latitude: 52.52,
  longitude: 13.4,
  capacityPerDay: 200,
  fulfils: ['ship', 'pickup'],
  ...overrides,
});

export const channelBody = (nodes: string[], overrides: Record<string, unknown> = {}) => ({
  type: 'web',
  name: 'Web shop',
  priority: 10,
  marginTier: 'high',
  nodes,
  ...overrides,
});

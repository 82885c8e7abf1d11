import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Store suites create their own databases; running files in parallel on 2 cores is fine.
    pool: 'forks',
  },
});

/**
 * Test projects (README "Tests"): `unit` (extension + shared code, fake browser + fake IndexedDB),
 * `hub-sqlite` and `hub-postgres` (the same hub suite on both databases), `e2e` (the built extension
 * in real Chromium and Firefox ESR against a real hub). Every run prints vitest's summary.
 */
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const hubProject = (database: 'sqlite' | 'postgres') => ({
  test: {
    name: `hub-${database}`,
    include: ['server/**/*.test.ts', 'tests/hub/**/*.test.ts'],
    environment: 'node',
    env: { TESSERA_TEST_DB: database },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          include: ['lib/**/*.test.{ts,tsx}', 'components/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['tests/unit/setup.ts'],
          globals: true,
        },
      },
      hubProject('sqlite'),
      hubProject('postgres'),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

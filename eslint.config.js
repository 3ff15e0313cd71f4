// Lint rules, including the context boundaries of architecture.md §1 and house-style.md "Layout":
// content-safe code (lib/autofill, lib/protocol) never imports background-only code, and the hub
// imports nothing from lib/ except lib/protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const BACKGROUND_ONLY = ['crypto', 'vault', 'sync', 'session', 'autofill-background'];
const backgroundOnlyPatterns = (prefix) =>
  BACKGROUND_ONLY.map((folder) => ({
    group: [`${prefix}${folder}/*`, `**/lib/${folder}/*`],
    message: `lib/${folder} is background-only; it must not be imported here.`,
  }));

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'No TS enums: use z.enum([...]) or an as-const object.' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['lib/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...backgroundOnlyPatterns('../'), { group: ['../*', '!../protocol/*'], message: 'lib/protocol imports nothing else from lib/.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'chrome', 'browser', 'process', 'Buffer'],
    },
  },
  {
    files: ['lib/autofill/**', 'lib/generator/**', 'entrypoints/*.content.ts', 'entrypoints/*.content/**', 'components/**', 'entrypoints/popup/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: backgroundOnlyPatterns('../../lib/') }] },
  },
  {
    // The always-on content script (every frame of every page): no zod, no messaging schemas, no
    // vault, nothing heavy — only lib/autofill, which imports nothing outside itself (≤ 8 KB gzip).
    files: ['lib/autofill/**', 'entrypoints/autofill-content.ts', 'entrypoints/autofill-ui.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...backgroundOnlyPatterns('../../lib/'),
            { group: ['zod', 'zod/*', '**/messaging/*', '**/protocol/*', 'wxt/browser', 'webextension-polyfill'], message: 'The content script stays tiny: lib/autofill imports nothing heavy.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/lib/*', '!**/lib/protocol', '**/lib/*/**', '!**/lib/protocol/**'], message: 'The hub imports only lib/protocol from lib/.' }] },
      ],
    },
  },
  {
    // Command-line entry points talk to the terminal.
    files: ['server/main.ts', 'scripts/**', 'tests/bench/**', 'tests/e2e/**', 'tests/support/**'],
    rules: { 'no-console': 'off' },
  },
);

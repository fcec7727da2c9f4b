// Lints the player's modules (templates/player); run from the repository root:
//   tests/player-unit/node_modules/.bin/eslint -c tests/player-unit/eslint.config.mjs templates/player
// (the paths below are relative to it).
// The modules are ES2017 scripts sharing one namespace, `Coursepack`, which lib/core.js
// declares and every later module uses.
import js from '@eslint/js';

const browser = Object.fromEntries([
  'window', 'document', 'console', 'setTimeout', 'clearTimeout', 'location', 'history',
  'navigator', 'crypto', 'Promise', 'module', 'self', 'Uint32Array', 'Node', 'HTMLElement',
].map((name) => [name, 'readonly']));

export default [
  {
    files: ['templates/player/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: 'script',
      globals: { ...browser, Coursepack: 'readonly' },
    },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-var': 'off',
      strict: ['error', 'function'],
      eqeqeq: ['error', 'allow-null'],
      // gradeForm strips combining marks by listing their ranges on purpose.
      'no-misleading-character-class': 'off',
    },
  },
  {
    files: ['templates/player/lib/core.js'],
    rules: { 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
];

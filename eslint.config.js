/**
 * ESLint flat config: typescript-eslint's recommended rules for all sources, and the Office add-in
 * rules (eslint-plugin-office-addins) for the code that talks to Office.js — notably
 * no-context-sync-in-loop: a round trip per row or per cell is the classic slow add-in.
 * (The plugin's own "recommended" preset also enforces Prettier formatting, which this project does not use.)
 */
const tseslint = require('typescript-eslint');
const officeAddins = require('eslint-plugin-office-addins');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'dist-cli/**', 'out/**', 'coverage/**', 'node_modules/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Only where Office.js is called: elsewhere the rules' heuristics misread plain objects (e.g. ExcelJS cells).
    files: ['src/excel/**/*.ts', 'src/commands/**/*.ts', 'src/taskpane/**/*.{ts,tsx}'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/call-sync-after-load': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'warn',
      'office-addins/no-office-initialize': 'error',
    },
  },
);

// Library code does no stray I/O: only report/ and cli/ print, only cli/ sets the exit code.
// The import flow between folders is checked by test/unit/layout.test.ts.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'scripts/**', 'eslint.config.js', 'vitest.config.ts'] },
  ...tseslint.configs.recommended,
  {
    // test/ too: the recommended rules; what follows for src/ is about library code.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'only cli/ ends the process' },
        { object: 'process', property: 'exitCode', message: 'only cli/ sets the exit code' },
        { object: 'process', property: 'stdout', message: 'only report/ and cli/ print' },
        { object: 'process', property: 'stderr', message: 'only report/ and cli/ print' },
      ],
    },
  },
  {
    // A function with more than two inputs takes one named object (docs/architecture.md). A
    // callback whose signature a library or a public API sets says so with an eslint-disable and its reason.
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/max-params': ['error', { max: 2 }] },
  },
  {
    // commander calls a command's action with (its arguments…, its options, the command).
    files: ['src/cli/program.ts'],
    rules: { '@typescript-eslint/max-params': 'off' },
  },
  {
    // cli/ is the harness's process; agent/ runs inside the user's agent process, whose stdio it speaks on.
    files: ['src/cli/**/*.ts', 'src/agent/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // A module agent and a tool handler run in agentready's process: exit-calls.ts puts a trap in
    // the place of process.exit while one runs (and calls the real one for agentready's own exits).
    files: ['src/adapters/exit-calls.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/report/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'only cli/ ends the process' },
        { object: 'process', property: 'exitCode', message: 'only cli/ sets the exit code' },
      ],
    },
  },
);

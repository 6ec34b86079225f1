// A problem at the very end of a large suite is found before any case runs: exit 2 with the
// problem's file:line:column, no run folder and no history line; the suite cache keeps the other,
// valid suite file (its write waits for the first cases, or the command's end) and not this one.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCommand, makeProject, runCli } from './helpers/run-cli.js';

const CASES = 5000;
const CONFIG = `target: { adapter: stdio, command: ${agentCommand('agent-ok.js')} }
suites: [evals/*.suite.yaml]
`;

/** `count` plain cases; the last one written by `last(id)` instead. */
function largeSuite(name: string, count: number, last: (id: string) => string): string {
  const cases = Array.from({ length: count }, (_, i) => (i === count - 1 ? last(`case-${i}`) : `  - id: case-${i}\n    input: "question ${i}"\n    expect: { outcome: completed }\n`));
  return `suite: ${name}\ntools: []\ncases:\n${cases.join('')}`;
}

/** The 1-based line and column of `text`'s character at `index`. */
function positionAt(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

describe('a bad case at the end of a large suite', () => {
  const bad = {
    'a schema error': (id: string) => `  - id: ${id}\n    input: "last"\n    expect: { outcome: complete }\n`,
    'a duplicate id': () => '  - id: case-0\n    input: "last"\n    expect: { outcome: completed }\n',
  };
  for (const [what, last] of Object.entries(bad)) {
    it(`${what}: eval exits 2 at its file:line:column and records no run`, async () => {
      const big = largeSuite('big', CASES, last);
      const dir = makeProject({
        'agentready.config.yaml': CONFIG,
        'evals/big.suite.yaml': big,
        'evals/small.suite.yaml': largeSuite('small', 2, (id) => `  - id: ${id}\n    input: "fine"\n    expect: { outcome: completed }\n`),
      });
      const { exitCode, stderr, stdout } = await runCli(dir, ['eval']);
      expect(exitCode).toBe(2);
      // The schema error at the value found; the duplicate at the second `case-0`.
      const at = positionAt(big, what === 'a schema error' ? big.indexOf('complete }') : big.lastIndexOf('case-0'));
      expect(stderr).toContain(`evals/big.suite.yaml:${at}`);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stdout).toBe('');
      expect(existsSync(join(dir, '.agentready', 'runs'))).toBe(false);
      expect(existsSync(join(dir, '.agentready', 'history.jsonl'))).toBe(false);
      // One entry: the valid suite's (no fingerprints: nothing was resolved).
      expect(readdirSync(join(dir, '.agentready', 'cache', 'suites'))).toHaveLength(1);
    }, 60_000);
  }
});

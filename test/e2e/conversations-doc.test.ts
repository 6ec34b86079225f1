// docs/conversations.md's example, run as a user would copy it: every `<!-- file: fixtures/conversations/path -->` block
// written to an empty folder passes `agentready eval`; then every `<!-- append: path -->` block
// (the user simulator) added, and it still passes, with the simulator's case.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const DOC = readFileSync(join(REPO, 'docs/conversations.md'), 'utf8');
// A file block is a copy of fixtures/conversations/<path> (the docs test holds them equal); an append block names the path in the project.
const FIXTURE = 'fixtures/conversations/';
const BLOCKS = [...DOC.matchAll(/<!-- (file|append): (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map(([, kind, path, text]) => ({
  kind,
  path: kind === 'file' ? path!.replace(FIXTURE, '') : path!,
  text: text!,
}));

describe('docs/conversations.md', () => {
  it('has an example to copy: files, then additions', () => {
    expect(BLOCKS.filter((b) => b.kind === 'file').map((b) => b.path)).toEqual(['agentready.config.yaml', 'agent.mjs', 'evals/orders.suite.yaml', 'evals/tools/orders.ts', 'user-sim.mjs']);
    expect(BLOCKS.filter((b) => b.kind === 'append').map((b) => b.path)).toEqual(['agentready.config.yaml', 'evals/orders.suite.yaml']);
  });

  it('passes as written, and with the user simulator added', async () => {
    const dir = makeProject(Object.fromEntries(BLOCKS.filter((b) => b.kind === 'file').map((b) => [b.path, b.text])));
    const first = await runCli(dir, ['eval']);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('2 cases · 2 passed');

    for (const block of BLOCKS.filter((b) => b.kind === 'append')) appendFileSync(join(dir, block.path), block.text);
    const second = await runCli(dir, ['eval']);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('3 cases · 3 passed');
    const simulated = readJsonl<{ case_id: string; turns?: { user: string }[] }>(dir, 'results.jsonl').find((r) => r.case_id === 'simulated-customer');
    expect(simulated?.turns?.map((t) => t.user)).toEqual(["I'd like to cancel my order.", 'It is order 5678.']);
  });
});

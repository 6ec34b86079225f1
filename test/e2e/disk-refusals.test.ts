// The disk refusing the run folder's writes mid-run (full, a quota, a file size limit, read-only)
// is no bug of agentready's: exit 3 naming the file and the disk's answer, with what finished on
// disk and `eval --resume` going on from it once the disk takes writes again.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { agentCommand, BIN, latestRunDir, linkPackage, makeProject, runCli } from './helpers/run-cli.js';

/** Twenty cases whose traces (input and answer, 2,000 characters each) soon pass a file size limit of 32 KiB. */
function project(): string {
  const cases = Array.from({ length: 20 }, (_, i) => `  - { id: c${i}, input: "${'x'.repeat(2000)}", expect: { outcome: completed } }\n`).join('');
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: ${agentCommand('agent-resumable.js')} }\nsuites: [s.suite.yaml]\nrun: { concurrency: 1 }\n`,
    's.suite.yaml': `suite: s\ntools: []\ncases:\n${cases}`,
  });
}

/**
 * Two cases whose agent calls a tool 150 times, each call a policy decision streamed to
 * policy-decisions.jsonl as it is made: ~50 KiB of them in the first case, before its trace.
 */
function decidingProject(): string {
  const dir = makeProject({
    'agent.mjs': `import { serveStdio } from 'agentready-cli/agent';
serveStdio(async (task, ctx) => {
  for (let i = 0; i < 150; i++) await ctx.callTool('lookup_order', { order_id: \`\${i}-\${'y'.repeat(150)}\` });
  return { outcome: 'completed', output: 'done' };
}, { name: 'deciding', version: '1' });
`,
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, agent.mjs] }\nsuites: [s.suite.yaml]\npolicy: policy.yaml\nrun: { concurrency: 1 }\nbudgets: { max_tool_calls: 1000 }\n',
    'policy.yaml': 'rules:\n  - { id: need-id, tool: lookup_order, require: [arguments.order_id] }\n',
    's.suite.yaml': 'suite: s\ntools:\n  - { name: lookup_order, tier: read, mock: { result: { status: shipped } } }\ncases:\n  - { id: c1, input: go, expect: { outcome: completed } }\n  - { id: c2, input: go, expect: { outcome: completed } }\n',
  });
  linkPackage(dir);
  return dir;
}

/** `eval` in `dir` under `ulimit -f 32` (1 KiB blocks): past it a write fails with EFBIG, as one to a full disk fails with ENOSPC. It exits 3. */
async function evalLimited(dir: string, flags: readonly string[]): Promise<{ run: string; id: string; stderr: string }> {
  const limited = await execa('sh', ['-c', `ulimit -f 32 && exec node ${JSON.stringify(BIN)} eval ${flags.join(' ')}`], {
    cwd: dir,
    reject: false,
    env: { CI: '1', NO_COLOR: '1', GITHUB_ACTIONS: '', npm_config_user_agent: '' },
  });
  expect(limited.exitCode).toBe(3);
  const run = latestRunDir(dir);
  return { run, id: basename(run), stderr: String(limited.stderr) };
}

describe('a run folder the disk stops taking writes in', () => {
  it('exits 3 naming the file and the disk\'s answer, not as a bug; --resume then runs only what had not finished', async () => {
    const dir = project();
    const { run, id, stderr } = await evalLimited(dir, []);
    expect(stderr).not.toContain('bug in agentready');
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^agentready: could not write \\.agentready/runs/${id}/traces\\.jsonl: the file would pass the largest size this process may write \\(EFBIG: see ulimit -f\\); the cases that finished are in the run folder: once the disk takes writes again, \`agentready eval --resume ${id}\` goes on \\(exit 3\\)$`),
    );
    // Finished: a result with its whole trace. The trace the limit cut short is a line without its newline.
    const traced = readFileSync(join(run, 'traces.jsonl'), 'utf8').split('\n').slice(0, -1).map((line) => (JSON.parse(line) as { case_id: string }).case_id);
    expect(traced.length).toBeGreaterThan(0);
    expect(traced.length).toBeLessThan(20);

    const resumed = await runCli(dir, ['eval', '--resume', id, '--no-gate']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('20 cases · 20 passed');
    // Every case ran; those that had finished, once (the one whose trace was cut, and one then in flight, had not).
    const ran = readFileSync(join(dir, 'ran.log'), 'utf8').split('\n').filter(Boolean);
    expect(new Set(ran).size).toBe(20);
    for (const id of traced) expect(ran.filter((other) => other === id)).toEqual([id]);
  });

  it('stops the run at a refused policy decision (exit 3 naming policy-decisions.jsonl), its case not recorded, so --resume runs it', async () => {
    const dir = decidingProject();
    const { run, id, stderr } = await evalLimited(dir, ['--no-gate']);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^agentready: could not write \\.agentready/runs/${id}/policy-decisions\\.jsonl: the file would pass the largest size this process may write \\(EFBIG: see ulimit -f\\);.*\\(exit 3\\)$`),
    );
    // The case whose decision the disk refused is not recorded (as one Ctrl-C cut short), and none after it ran.
    expect(readFileSync(join(run, 'results.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(1);

    const resumed = await runCli(dir, ['eval', '--resume', id, '--no-gate']);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('2 cases · 2 passed');
  });
});

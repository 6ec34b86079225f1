// `agentready replay`: one recorded case again, its tool calls answered from the recording, the
// exchange printed with the first divergence, scored (exit 0/1); `--live` for the current mocks;
// an unknown id is exit 2 with the closest matches. The agent reports the status its tool gave,
// so a wrong recorded answer changes the verdict.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS, copiesOf, makeExampleProject, makeProject, readJsonl, runCli } from './helpers/run-cli.js';

const SUITE = `suite: orders
tools:
  - name: lookup_order
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: shipped } }
cases:
  - id: where-is-1234
    input: "1234"
    expect: { outcome: completed, output: { contains: "is shipped" } }
  - id: where-is-5678
    input: "5678"
    expect: { outcome: completed, output: { contains: "is shipped" } }
`;

function project(): string {
  return makeProject({
    'agentready.config.yaml': `target: { adapter: stdio, command: [node, ${JSON.stringify(join(AGENTS, 'agent-lookup.js'))}] }\nsuites: [s.suite.yaml]\n`,
    'module.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-lookup.js'))} }\nsuites: [s.suite.yaml]\n`,
    's.suite.yaml': SUITE,
  });
}

/** project() after one `eval --no-gate` (its recording), run once for the file; each test replays, edits and adds runs to a copy of its own. */
const recordedProject = copiesOf(async () => {
  const dir = project();
  expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
  return dir;
});

/** The first run's folder and the trace id of its case where-is-1234. */
function recorded(dir: string): { run: string; folder: string; traceId: string } {
  const root = join(dir, '.agentready/runs');
  const run = readdirSync(root).sort()[0]!;
  const folder = join(root, run);
  const rows = readFileSync(join(folder, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as { case_id: string; trace_id: string });
  return { run, folder, traceId: rows.find((r) => r.case_id === 'where-is-1234')!.trace_id };
}

describe('agentready replay', () => {
  it('answers from the recording (recorded over stdio, replayed over module), so a wrong recorded answer fails the case and --live passes it', async () => {
    const dir = await recordedProject();
    const { run, folder, traceId } = recorded(dir);

    const same = await runCli(dir, ['replay', `${run}/where-is-1234`]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain('lookup_order {"order_id":"1234"}');
    expect(same.stdout).toContain('⇐ {"status":"shipped"}');
    expect(same.stdout).toContain('Same as the recording');
    // Its own run folder and trace id; its summary.json names the recording it used (SPEC §17 Replay ids).
    const replayRun = readdirSync(join(dir, '.agentready/runs')).sort().at(-1)!;
    expect(replayRun).not.toBe(run);
    const summary = JSON.parse(readFileSync(join(dir, '.agentready/runs', replayRun, 'summary.json'), 'utf8')) as { replay_of?: unknown };
    expect(summary.replay_of).toEqual({ run_id: run, trace_id: traceId });
    expect(readJsonl<{ trace_id: string }>(dir, 'results.jsonl').slice(1)[0]!.trace_id).not.toBe(traceId);

    // The recording now says the order was lost: the replayed agent reports that, and fails.
    const traces = join(folder, 'traces.jsonl');
    writeFileSync(traces, readFileSync(traces, 'utf8').replaceAll('"status":"shipped"', '"status":"lost"'));
    const wrong = await runCli(dir, ['--config', 'module.config.yaml', 'replay', traceId]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toContain('⇐ {"status":"lost"}');
    expect(wrong.stdout).toContain('First divergence: the output, recorded "order 1234 is shipped", now "order 1234 is lost"');
    expect(wrong.stderr).toContain('the replayed case failed (exit 1)');

    // A replay's run folder is not a run of the suites: --last-failed looks past the failed replay
    // to the eval, where nothing failed.
    const lastFailed = await runCli(dir, ['eval', '--last-failed']);
    expect(lastFailed.exitCode).toBe(0);
    expect(lastFailed.stderr).toContain(`no case failed or errored in run ${run}: nothing to run`);

    const live = await runCli(dir, ['--config', 'module.config.yaml', 'replay', '--live', traceId]);
    expect(live.exitCode).toBe(0);
    expect(live.stdout).toContain('answered by the current mocks (--live)');
    expect(live.stdout).toContain('⇐ {"status":"shipped"}');
  }, 90_000);

  it('marks the first call that parts from the recording and answers it not_recorded', async () => {
    const dir = await recordedProject();
    const { traceId } = recorded(dir);
    const diverged = await runCli(dir, ['replay', traceId], { LOOKUP_ORDER_ID: '999' });
    expect(diverged.exitCode).toBe(1);
    expect(diverged.stdout).toContain('≠ call 1    lookup_order {"order_id":"999"}');
    expect(diverged.stdout).toContain('⇐ not_recorded');
    expect(diverged.stdout).toContain('First divergence at call 1: recorded lookup_order {"order_id":"1234"}, now lookup_order {"order_id":"999"}');
  }, 60_000);

  it('the trace id of an attempt a resumed run ran again (its failure printed it) is exit 2 naming the trace of the attempt that replaced it', async () => {
    const dir = makeProject({
      // A case whose input holds BAD gets an invalid answer (a harness error) until `fixed` exists.
      'agent.mjs': `import { existsSync } from 'node:fs';\nexport default async function (task) {\n  if (task.case.input.includes('BAD') && !existsSync('fixed')) return { nope: 1 };\n  return { outcome: 'completed', output: 'ok' };\n}\n`,
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: b, input: BAD, expect: { outcome: completed } }\n',
    });
    const first = await runCli(dir, ['eval', '--no-gate']);
    expect(first.exitCode).toBe(3);
    const run = readdirSync(join(dir, '.agentready/runs'))[0]!;
    const traceIds = () => readFileSync(join(dir, '.agentready/runs', run, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((l) => (JSON.parse(l) as { trace_id: string }).trace_id);
    const [errored] = traceIds();
    expect(first.stdout).toContain(`trace ${errored}`);
    writeFileSync(join(dir, 'fixed'), '');
    expect((await runCli(dir, ['eval', '--resume', '--no-gate'])).exitCode).toBe(0);
    const later = traceIds()[1]!;
    const replayed = await runCli(dir, ['replay', errored!]);
    expect(replayed.exitCode).toBe(2);
    expect(replayed.stderr).toContain(`trace ${errored} is of an attempt of s/b that run ${run} ran again (\`eval --resume\`): the run counts the later attempt, trace ${later}\n  replay that one: \`agentready replay ${later}\``);
    expect((await runCli(dir, ['replay', later])).exitCode).toBe(0);
  });

  it('an unknown id is exit 2 naming the closest matches, and none when nothing is alike', async () => {
    const dir = await recordedProject();
    const { run, traceId } = recorded(dir);
    const typo = await runCli(dir, ['replay', `${traceId.slice(0, -2)}zz`]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain(`closest matches: ${traceId}`);
    const noCase = await runCli(dir, ['replay', `${run}/where-is-12345`]);
    expect(noCase.exitCode).toBe(2);
    expect(noCase.stderr).toContain(`no case "where-is-12345" in run ${run}`);
    expect(noCase.stderr).toContain(`closest matches: ${run}/where-is-1234`);
    const unlike = await runCli(dir, ['replay', 'qqqqqqqq']);
    expect(unlike.exitCode).toBe(2);
    expect(unlike.stderr).toContain('no recorded id is close to it');
    expect(unlike.stderr).not.toContain('closest matches');
    // A case id without its run: named with the newest run holding it (orders/… with its suite too).
    for (const ref of ['where-is-5678', 'orders/where-is-5678']) {
      const bare = await runCli(dir, ['replay', ref]);
      expect(bare.exitCode).toBe(2);
      expect(bare.stderr).toContain(`agentready: no trace "${ref}" and no <run>/<case-id> of that name under .agentready/runs\n  a case is named with its run: ${run}/${ref} (the newest run holding it)`);
    }
    const runOnly = await runCli(dir, ['replay', run]);
    expect(runOnly.exitCode).toBe(2);
    expect(runOnly.stderr).toContain(`agentready: "${run}" is a run: name one of its cases, as ${run}/<case-id>\n  its cases: ${run}/where-is-1234`);
  }, 60_000);

  it('a case id two suites share is named with its suite: <run>/<suite>/<case-id>', async () => {
    const dir = project();
    // The same case id in a second suite whose mock says otherwise: replaying the wrong one shows.
    writeFileSync(join(dir, 'other.suite.yaml'), SUITE.replace('suite: orders', 'suite: returns').replace('status: shipped', 'status: returned').replaceAll('is shipped', 'is returned'));
    writeFileSync(join(dir, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, ${JSON.stringify(join(AGENTS, 'agent-lookup.js'))}] }\nsuites: [s.suite.yaml, other.suite.yaml]\n`);
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const { run, folder } = recorded(dir);

    const bare = await runCli(dir, ['replay', `${run}/where-is-1234`]);
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain(`case "where-is-1234" is in 2 suites of run ${run}: name its suite`);
    expect(bare.stderr).toContain(`${run}/orders/where-is-1234, ${run}/returns/where-is-1234`);

    for (const [ref, status] of [[`${run}/returns/where-is-1234`, 'returned'], [`${folder}/orders/where-is-1234`, 'shipped']] as const) {
      const replayed = await runCli(dir, ['replay', ref]);
      expect(replayed.exitCode, replayed.stderr).toBe(0);
      expect(replayed.stdout).toContain(`⇐ {"status":"${status}"}`);
    }
    const typo = await runCli(dir, ['replay', `${run}/returns/where-is-12345`]);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain(`no case "returns/where-is-12345" in run ${run}`);
    expect(typo.stderr).toContain(`closest matches: ${run}/returns/where-is-1234`);
  }, 60_000);
});

describe('agentready replay of a run recorded with redaction on, and of one recorded without', () => {
  const suite = `suite: crm
tools:
  - { name: lookup_order, mock: { result: { status: shipped } } }
cases:
  - id: by-email
    input: "jane.doe@example.com"
    expect: { outcome: completed, tools: [{ name: lookup_order, args: { order_id: jane.doe@example.com } }], output: { contains: "is shipped" } }
`;
  const newest = (dir: string) => readdirSync(join(dir, '.agentready/runs')).sort().at(-1)!;

  it('matches a call by its redacted arguments and says the replay is not exact; compares a raw recording redacted, as the replay prints', async () => {
    const dir = makeProject({
      'agentready.config.yaml': `target: { adapter: module, module: ${JSON.stringify(join(AGENTS, 'module-agent-lookup.js'))} }\nsuites: [s.suite.yaml]\n`,
      's.suite.yaml': suite,
    });
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const redactedRun = newest(dir);

    const replayed = await runCli(dir, ['replay', `${redactedRun}/by-email`]);
    expect(replayed.exitCode, replayed.stdout).toBe(0);
    expect(replayed.stdout).toContain('  call 1    lookup_order {"order_id":"[email]"}\n            ⇐ {"status":"shipped"}');
    expect(replayed.stdout).toContain('Same as the recording: every call, the outcome and the output.');
    expect(replayed.stdout).toContain('The recording was written with redaction on (it holds [email]): calls were matched by their arguments as redacted');
    expect(replayed.stdout).not.toContain('not_recorded');
    expect(replayed.stdout + replayed.stderr).not.toContain('jane.doe@example.com');

    // score of the redacted traces matches the address the case expects by its redacted form, as the replay does.
    const scored = await runCli(dir, ['score', join('.agentready/runs', redactedRun, 'traces.jsonl')]);
    expect(scored.exitCode, scored.stdout).toBe(0);
    expect(scored.stdout).toContain('1 case · 1 passed · 0 failed');

    expect((await runCli(dir, ['eval', '--no-redact'])).exitCode).toBe(0);
    const rawRun = newest(dir);
    const again = await runCli(dir, ['replay', `${rawRun}/by-email`]);
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.stdout).toContain('Same as the recording: every call, the outcome and the output.');
    expect(again.stdout).not.toContain('The recording was written with redaction on');
    expect(again.stdout + again.stderr).not.toContain('jane.doe@example.com');
  });

  it('--no-redact refuses (exit 2, before the agent starts) a redacted recording whose answers hold placeholders, which its folder would mix into raw text; --live and a raw recording replay', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async (task, ctx) => { const order = await ctx.callTool('lookup_order', { order_id: task.case.input }); return { outcome: 'completed', output: `write to ${order.contact}` }; };\n",
      's.suite.yaml': 'suite: crm\ntools:\n  - { name: lookup_order, mock: { result: { contact: jane.doe@example.com } } }\ncases:\n  - id: contact\n    input: "1234"\n    expect: { outcome: completed, output: { contains: jane.doe@example.com } }\n',
    });
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const redactedRun = newest(dir);
    const refused = await runCli(dir, ['replay', `${redactedRun}/contact`, '--no-redact']);
    expect(refused.exitCode, refused.stdout).toBe(2);
    expect(refused.stderr).toContain(`replay --no-redact: run ${redactedRun} was recorded with redaction on, and its recording gives the agent [email]`);
    expect(refused.stderr).toContain('replay it without --no-redact, or with --live');
    expect(newest(dir)).toBe(redactedRun);

    // --live: the mocks answer, the folder holds the agent's text as written, and score of it agrees.
    const live = await runCli(dir, ['replay', `${redactedRun}/contact`, '--no-redact', '--live']);
    expect(live.exitCode, live.stdout + live.stderr).toBe(0);
    const liveRun = newest(dir);
    expect(JSON.parse(readFileSync(join(dir, '.agentready/runs', liveRun, 'results.jsonl'), 'utf8').split('\n')[0]!).redacted).toBe(false);
    expect((await runCli(dir, ['score', join('.agentready/runs', liveRun)])).exitCode).toBe(0);

    expect((await runCli(dir, ['eval', '--no-redact'])).exitCode).toBe(0);
    const raw = await runCli(dir, ['replay', `${newest(dir)}/contact`, '--no-redact']);
    expect(raw.exitCode, raw.stdout + raw.stderr).toBe(0);
    expect(raw.stdout).toContain('write to jane.doe@example.com');
  });

  it('says nothing of calls matched as redacted when only the output held a placeholder', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: agent.mjs }\nsuites: [s.suite.yaml]\n',
      'agent.mjs': "export default async () => ({ outcome: 'completed', output: 'write to help@example.com' });\n",
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - id: c\n    input: "hi"\n    expect: { outcome: completed }\n',
    });
    expect((await runCli(dir, ['eval'])).exitCode).toBe(0);
    const replayed = await runCli(dir, ['replay', `${newest(dir)}/c`]);
    expect(replayed.exitCode, replayed.stdout).toBe(0);
    expect(replayed.stdout).toContain('Same as the recording: every call, the outcome and the output.');
    expect(replayed.stdout).not.toContain('calls were matched by their arguments as redacted');
  });
});

describe('agentready replay of a conversation a user simulator played', () => {
  it('says the recorded user messages again, without asking the simulator; --live asks it', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nuser: { command: [node, sim.mjs] }\nrun: { max_turns: 3 }\n',
      'agent.mjs': "export default async function (task) { return { outcome: 'clarified', output: `heard ${task.messages.at(-1).content}` }; }\n",
      // Each request gets a message of its own (a model's would differ run to run) and is logged.
      'sim.mjs': `import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id } = JSON.parse(line);
  appendFileSync('asked.log', 'x\\n');
  const n = readFileSync('asked.log', 'utf8').split('\\n').length - 1;
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result: { say: 'message ' + n } }) + '\\n');
});
`,
      's.suite.yaml': 'suite: s\ntools: []\ncases:\n  - { id: talk, input: hi, expect: { outcome: clarified } }\n',
    });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const [recorded] = readJsonl<{ trace_id: string; turns: { user: string }[] }>(dir, 'traces.jsonl');
    expect(recorded!.turns.map((t) => t.user)).toEqual(['hi', 'message 1', 'message 2']);
    const asked = () => readFileSync(join(dir, 'asked.log'), 'utf8').split('\n').filter(Boolean).length;
    const replay = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(replay.exitCode, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('  turn 2    user: "message 1"');
    expect(replay.stdout).toContain('  turn 3    user: "message 2"');
    expect(replay.stdout).toContain('Same as the recording: each user message, every call, each turn\'s answer, the outcome and the output.');
    expect(asked()).toBe(2);
    const live = await runCli(dir, ['replay', recorded!.trace_id, '--live']);
    expect(live.stdout).toContain('  turn 2    user: "message 3"');
    // The simulator said something else: that, not the agent's answer to it, is where the replay parted.
    expect(live.stdout).toContain('First divergence at turn 2: the user\'s message, recorded "message 1", now "message 3"');
    expect(asked()).toBe(4);
    // The config's simulator removed since: the recorded messages are still said again (not turn 1 alone).
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nrun: { max_turns: 3 }\n');
    const unsimulated = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(unsimulated.exitCode, unsimulated.stdout).toBe(0);
    expect(unsimulated.stdout).toContain('  turn 3    user: "message 2"');
    expect(asked()).toBe(4);
    // run.max_turns lowered since: the recorded conversation is said again whole (it once ended at turn 1, unsaid why).
    writeFileSync(join(dir, 'agentready.config.yaml'), 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nuser: { command: [node, sim.mjs] }\nrun: { max_turns: 1 }\n');
    const lowered = await runCli(dir, ['replay', recorded!.trace_id]);
    expect(lowered.exitCode, lowered.stdout).toBe(0);
    expect(lowered.stdout).toContain('  turn 3    user: "message 2"');
    expect(lowered.stdout).toContain('Same as the recording: each user message, every call, each turn\'s answer, the outcome and the output.');
    expect(asked()).toBe(4);
  }, 60_000);

  it('says the replay is not exact when the recorded user messages it says again hold placeholders; not under --live, nor of a scripted case', async () => {
    const dir = makeProject({
      'agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [s.suite.yaml]\nuser: { command: [node, sim.mjs] }\nrun: { max_turns: 2 }\n',
      'agent.mjs': "export default async function (task) { return { outcome: 'clarified', output: `heard ${task.turn}` }; }\n",
      'sim.mjs': `import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id } = JSON.parse(line);
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result: { say: 'mail me at ann@example.org' } }) + '\\n');
});
`,
      's.suite.yaml':
        'suite: s\ntools: []\ncases:\n  - { id: talk, input: hi, expect: { outcome: clarified } }\n  - id: scripted\n    turns: [{ user: hi }, { user: "mail me at ann@example.org" }]\n    expect: { outcome: clarified }\n',
    });
    expect((await runCli(dir, ['eval', '--no-gate'])).exitCode).toBe(0);
    const run = readdirSync(join(dir, '.agentready/runs')).sort().at(-1)!;
    const note = "The recording was written with redaction on (it holds [email]): the user's messages were said again as recorded, so the agent saw the placeholders.";
    const replay = await runCli(dir, ['replay', `${run}/talk`]);
    expect(replay.exitCode, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('  turn 2    user: "mail me at [email]"');
    expect(replay.stdout).toContain(note);
    const live = await runCli(dir, ['replay', `${run}/talk`, '--live']);
    expect(live.exitCode, live.stderr).toBe(0);
    expect(live.stdout).not.toContain('The recording was written with redaction on');
    // A scripted case's messages are its script's, as written: the agent got the address, not the placeholder.
    const scripted = await runCli(dir, ['replay', `${run}/scripted`]);
    expect(scripted.exitCode, scripted.stderr).toBe(0);
    expect(scripted.stdout).not.toContain('The recording was written with redaction on');
  }, 60_000);
});

describe('agentready replay of a case with approval requests', () => {
  it('prints each request and its answer as the run recorded them, and a request answered otherwise now is the first divergence', async () => {
    const dir = makeExampleProject();
    expect((await runCli(dir, ['eval', '--no-gate', '--grep', 'refund-approval-denied'])).exitCode).toBe(0);
    const run = readdirSync(join(dir, '.agentready/runs'))[0]!;
    const same = await runCli(dir, ['replay', `${run}/refund-approval-denied`]);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/\n {2}approval {2}issue_refund \{"order_id":"1234","amount":20,[^\n]*\n {12}⇐ refused\n {2}call 2 {4}issue_refund /);
    expect(same.stdout).toContain('Same as the recording: every call, every approval request and its answer, the outcome and the output.');
    // The case grants the refund now: the agent goes on to refund, which the case does not expect.
    const suite = join(dir, 'evals/support.suite.yaml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('approvals: { default: grant, issue_refund: deny }', 'approvals: grant'));
    const granted = await runCli(dir, ['replay', `${run}/refund-approval-denied`]);
    expect(granted.exitCode).toBe(1);
    expect(granted.stdout).toMatch(/First divergence at approval request 1: recorded issue_refund \{[^\n]*\} \(refused\), now issue_refund \{[^\n]*\} \(granted\)\n/);
  });
});

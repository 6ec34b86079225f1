import { describe, expect, it } from 'vitest';
import { otherAgentNote } from '../../../src/lifecycle/other-agent.js';
import { baselineOf } from '../gate/fixtures.js';
import { result } from '../gate/results-builder.js';

const baseline = baselineOf([result({ case_id: 'a' })]);
const note = (agent: { name: string; version?: string }, adapter = 'stdio', made = baseline) => otherAgentNote({ baseline: made, run: { agent, adapter }, baselinePath: 'agentready.baseline.json' });

describe('otherAgentNote', () => {
  it('names both agents when the names differ, whatever the versions', () => {
    expect(note({ name: 'billing-agent' }, 'module')).toEqual([
      'The baseline agentready.baseline.json was made by another agent, "support-agent 1.2.0" (stdio), than this run\'s, "billing-agent" (module): the gate compared them as one. If the config now points at another agent on purpose, `agentready baseline update` records it; if not, check `target:` (or --config).',
    ]);
    expect(note({ name: 'support-agent', version: '9.0.0' })).toEqual([]);
  });

  it('says nothing where a name is no agent\'s: a score run\'s recorded traces, an http service\'s host and port or an exec command\'s words on both sides', () => {
    expect(note({ name: 'recorded', version: 'traces.jsonl' }, 'recorded')).toEqual([]);
    const overHttp = { ...baseline, provenance: { ...baseline.provenance, agent: { name: '127.0.0.1:3000' }, adapter: 'http' } };
    expect(note({ name: '127.0.0.1:41234' }, 'http', overHttp)).toEqual([]);
    expect(note({ name: 'support-agent' }, 'stdio', overHttp)).toHaveLength(1);
    const overExec = { ...baseline, provenance: { ...baseline.provenance, agent: { name: 'python agent.py' }, adapter: 'exec' } };
    expect(note({ name: 'python agent.py --fast' }, 'exec', overExec)).toEqual([]);
  });
});

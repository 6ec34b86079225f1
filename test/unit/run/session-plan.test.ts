// planRun counts each suite's selected cases and toolsOf yields each tool list once, whatever
// order the attempts come in (both skip look-ups for a run of attempts of one suite).
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, Suite, Tool } from '../../../src/config/schema/index.js';
import type { Attempt } from '../../../src/run/plan.js';
import { planRun, toolsOf } from '../../../src/run/session-plan.js';
import type { SessionOptions } from '../../../src/run/session.js';

const tool = (name: string) => ({ name, description: '', tier: 'read', effects: [], parameters: {} }) as unknown as Tool;
const suiteOf = (name: string, ids: string[], tools: Tool[]): Suite =>
  ({ name, file: `/p/${name}.suite.yaml`, tools, cases: ids.map((id) => ({ id, tags: [], expect: { outcome: 'completed' } })) }) as unknown as Suite;

describe('planning a session', () => {
  it('counts the selected cases of each suite, in the order of their first case', async () => {
    const config = { rootDir: '/p', run: { repeat: 2, timeout_ms: 1000 }, suites: [suiteOf('a', ['1', '2', '3'], []), suiteOf('b', ['4'], []), suiteOf('c', ['5', '6'], [])] } as unknown as ResolvedConfig;
    const plan = await planRun({ config, filter: {}, redact: true } as unknown as SessionOptions);
    expect(plan.suites).toEqual([{ name: 'a', file: '/p/a.suite.yaml', cases: 3 }, { name: 'b', file: '/p/b.suite.yaml', cases: 1 }, { name: 'c', file: '/p/c.suite.yaml', cases: 2 }]);
    expect(plan.planned).toHaveLength(12);
  });

  it('yields each tool list once, the attempts of its suites interleaved or not', () => {
    const [x, y, z] = [tool('x'), tool('y'), tool('z')];
    const a = suiteOf('a', ['1', '2'], [x, y]);
    const b = suiteOf('b', ['3'], [z]);
    const attempt = (suite: Suite, index: number): Attempt => ({ suite, kase: suite.cases[index]!, attempt: 1 });
    expect([...toolsOf([attempt(a, 0), attempt(b, 0), attempt(a, 1), attempt(b, 0), attempt(a, 0)])].map((t) => t.name)).toEqual(['x', 'y', 'z']);
    expect([...toolsOf([attempt(a, 0), attempt(a, 1), attempt(a, 0)])].map((t) => t.name)).toEqual(['x', 'y']);
  });
});

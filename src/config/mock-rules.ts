/**
 * A case's mock with no `when` (or an empty one) answers every call of its tool, and the tool host
 * takes the first mock that matches (environment/mocks.ts): a later mock of the same tool never
 * answers. A warning at each such later mock, naming the catch-all before it. So for faults: the
 * first fault of a tool whose `call` is the call's (or absent) fails it (environment/faults.ts).
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleCase } from './rules.js';

/** Whether a mock's `when` matches every call: none, or one with no keys. */
function matchesEveryCall(when: unknown): boolean {
  return when === undefined || (when !== null && typeof when === 'object' && Object.keys(when).length === 0);
}

/** Suite rule: a case's mocks after a catch-all mock of the same tool. */
export const mocksAfterCatchAll: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const ofCase = (c: RuleCase, i: number) => {
      // The index of each tool's first catch-all mock.
      const catchAll = new Map<string, { at: number; why: string }>();
      c.mocks?.forEach((mock, j) => {
        if (mock?.tool === undefined) return;
        const tool = mock.tool;
        const first = catchAll.get(tool);
        if (first !== undefined) {
          const at = first.at;
          const path: PathKey[] = ['cases', i, 'mocks', j];
          ctx.report(issueAtPath({ yaml, path }, {
            path: z.core.toDotPath(path),
            code: 'mock_shadowed',
            message: `this mock of ${tool} never answers: mocks[${at}] ${first.why} and answers every call of ${tool} first`,
            expected: `this mock before mocks[${at}] (the first mock that matches answers a call), or mocks[${at}] given a \`when\``,
            found: `a mock of ${tool} after mocks[${at}], which ${first.why} and so answers every call of ${tool}`,
            severity: 'warning',
          }));
        } else if (matchesEveryCall(mock.when)) catchAll.set(tool, { at: j, why: mock.when === undefined ? 'has no `when`' : 'has an empty `when`' });
      });
    };
    suite.cases?.forEach((c, i) => {
      if (c?.mocks && c.mocks.length > 1) ofCase(c, i);
    });
  }
};

/**
 * Suite rule: a case's fault that never fires, since an earlier fault of the same tool (or model,
 * as written: `"*"` counts every model call, a model id its own) fails the same call first: one
 * with no `call` (every call), or with the same `call`; and any model fault after a `model: "*"`
 * with no `call`, which fails every model call (environment/gateway/decide.ts findModelFault).
 * Its case would pass without the failure it was written to test.
 */
export const faultsAfterSameFault: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) => {
      if (!c?.faults || c.faults.length < 2) return;
      const earlier: { target: string; call: number | undefined; at: number }[] = [];
      c.faults.forEach((fault, j) => {
        const aim = faultAim(fault);
        if (aim === undefined) return;
        const { target, call } = aim;
        const first = earlier.find((f) => (f.call === undefined ? covers(f.target, target) : f.target === target && f.call === call));
        if (first === undefined) {
          earlier.push({ target, call, at: j });
          return;
        }
        const fails = first.call === undefined ? `fails every call of ${first.target}` : `fails call ${first.call} of ${first.target}`;
        const path: PathKey[] = ['cases', i, 'faults', j];
        ctx.report(issueAtPath({ yaml, path }, {
          path: z.core.toDotPath(path),
          code: 'fault_shadowed',
          message: `this fault of ${target} never fires: faults[${first.at}] ${fails} first`,
          expected: `another \`call\` than faults[${first.at}]${first.call === undefined ? ` (or faults[${first.at}] given one)` : ''}: the first fault whose \`call\` is the call's, or absent, fails it`,
          found: `a fault of ${target}${call === undefined ? ' on every call' : ` on call ${call}`} after faults[${first.at}], which ${fails} first: this one never fires`,
          severity: 'warning',
        }));
      });
    });
  }
};

/** Whether a fault of `earlier` on every call fails every call of `later` first: the same tool or model, or any model after `"*"`. */
function covers(earlier: string, later: string): boolean {
  return earlier === later || (earlier === 'model *' && later.startsWith('model '));
}

/** What a fault fails, as written: its tool's name or `model <id>` (`target`), and its `call`; undefined for a fault that names neither. */
function faultAim(fault: NonNullable<RuleCase['faults']>[number]): { target: string; call: number | undefined } | undefined {
  if (fault === undefined) return undefined;
  if ('tool' in fault) return typeof fault.tool === 'string' ? { target: fault.tool, call: fault.call } : undefined;
  return 'model' in fault && fault.model !== undefined ? { target: `model ${fault.model}`, call: fault.call } : undefined;
}

/**
 * The settings each fault kind uses (environment/faults.ts for a tool's, gateway/case.ts for a model's): a
 * tool's `malformed` answers 200 with a cut body, and a model's `timeout` never answers and its
 * `truncated_stream` cuts the provider's own answer, so neither has a status or a Retry-After to give.
 */
const TOOL_FAULT_SETTINGS: Readonly<Record<string, readonly string[]>> = { rate_limit: ['status', 'retry_after_ms'], error: ['status'], timeout: ['status'], malformed: [] };
const MODEL_FAULT_SETTINGS: Readonly<Record<string, readonly string[]>> = { rate_limit: ['status', 'retry_after_ms'], server_error: ['status', 'retry_after_ms'], timeout: [], truncated_stream: [] };
/** What a fault kind does instead, for the warning at a setting it ignores. */
const WHAT_IT_DOES: Readonly<Record<string, string>> = {
  'tool malformed': 'answers 200 with the mock\'s result cut in half',
  'tool error': 'answers an error with no Retry-After',
  'tool timeout': 'answers a timeout error with no Retry-After',
  'model timeout': 'never answers the call',
  'model truncated_stream': 'passes the provider\'s own answer on, cut in half',
};

/** Suite rule: a fault's `status` or `retry_after_ms` that its kind does not use: the fault goes without it, as the user did not mean. */
export const faultSettingsUsed: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) =>
      c?.faults?.forEach((fault, j) => {
        if (fault === undefined || typeof fault.error !== 'string') return;
        const family = 'model' in fault ? 'model' : 'tool';
        const used = (family === 'model' ? MODEL_FAULT_SETTINGS : TOOL_FAULT_SETTINGS)[fault.error];
        if (used === undefined) return;
        for (const key of ['status', 'retry_after_ms'] as const) {
          if (fault[key] === undefined || used.includes(key)) continue;
          const path: PathKey[] = ['cases', i, 'faults', j, key];
          ctx.report(issueAtPath({ yaml, path }, {
            path: z.core.toDotPath(path),
            code: 'fault_setting_unused',
            message: `\`${key}\` does nothing on a ${family} fault of kind ${fault.error}: it ${WHAT_IT_DOES[`${family} ${fault.error}`] ?? 'ignores it'}`,
            expected: used.length === 0 ? `no \`${key}\` on a ${fault.error} fault` : `\`${key}\` only on a fault of a kind that uses it (${kindsUsing({ family, key })})`,
            found: `${key}: ${JSON.stringify(fault[key])} on a ${family} fault of kind ${fault.error}, which ignores it`,
            severity: 'warning',
          }));
        }
      }),
    );
  }
};

// Returns the fault kinds of `family` that use `key`, for the warning's expected.
function kindsUsing({ family, key }: { family: 'tool' | 'model'; key: string }): string {
  const table = family === 'model' ? MODEL_FAULT_SETTINGS : TOOL_FAULT_SETTINGS;
  return Object.keys(table).filter((kind) => table[kind]!.includes(key)).join(', ');
}

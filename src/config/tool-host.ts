/**
 * What needs agentready's tool host, and what the exec target (which has none: its agent calls
 * its own tools and reports them, SPEC §3) therefore cannot have. Mocks and tool faults reach an
 * agent only through the host. Variant families made of tool faults (rate_limit, tool_failure)
 * are not generated under exec, and prompt_injection keeps to the input (expand-adversarial.ts):
 * they are agentready's own cases, and would fail (or pass) for a fault never injected. A case's
 * own tool fault is a warning at its entry, not an error: the suite may be shared with hosted
 * targets and with `score`, and an exec agent may bring the failure about itself (its own test
 * doubles, or a replayed recording, as fixtures/example/agent/exec.js does), so only its author
 * can tell whether the verdict still means something. A case's own mock is a warning for the same
 * reason (its answer is never given); a tool's default mock is not flagged: it is the tool's
 * answer for every case on the other targets, and the README says it does not apply.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule, RuleContext } from './rules.js';
import type { AdversarialCategory } from './schema/adversarial.js';
import type { WrittenConfig } from './schema/config.js';

/** Whether agentready hosts the agent's tools (answers its calls from mocks, injects faults). */
export function hostsTools(target: Partial<Pick<WrittenConfig['target'], 'adapter'>> | undefined): boolean {
  return target?.adapter !== 'exec';
}

/** The families whose variants are faults injected into the agent's tool calls. */
export const TOOL_HOST_FAMILIES: ReadonlySet<AdversarialCategory> = new Set(['rate_limit', 'tool_failure']);

/** Why a family of TOOL_HOST_FAMILIES makes no variant under exec. */
export function noToolHostReason(category: AdversarialCategory): string {
  const what = category === 'rate_limit' ? 'the 429s' : 'the failures and empty answers';
  return `the exec target hosts no tools (its agent calls its own), so ${what} these variants inject would never reach it: none is generated under exec`;
}

/** Under the exec target, a warning at every place a suite or a case asks for a family of TOOL_HOST_FAMILIES. */
export const toolHostFamiliesUnderExec: Rule = (ctx) => {
  if (!ctx.config || hostsTools(ctx.config.value.target)) return;
  for (const { yaml, value: suite } of ctx.suites) {
    for (const { holder, at } of writers(suite)) {
      (holder?.adversarial ?? []).forEach((category, k) => {
        const message = underExec(category as AdversarialCategory);
        if (message === undefined) return;
        const path = [...at, 'adversarial', k];
        ctx.report(issueAtPath({ yaml, path }, { path: z.core.toDotPath(path), code: 'no_variants', message, severity: 'warning' }));
      });
    }
  }
};

type WrittenSuiteValue = RuleContext['suites'][number]['value'];
type WrittenCaseValue = NonNullable<WrittenSuiteValue['cases']>[number];

/**
 * What writes a key both a suite (for all its cases) and each case may write (`adversarial:`,
 * `approvals:`): the suite, at the file's top, then each case entry at its place (`kase`, the case).
 */
function writers(suite: WrittenSuiteValue): Array<{ holder: WrittenSuiteValue | WrittenCaseValue; at: PathKey[]; kase?: NonNullable<WrittenCaseValue> }> {
  return [{ holder: suite, at: [] }, ...(suite.cases ?? []).map((c, i) => ({ holder: c, at: ['cases', i] as PathKey[], ...(c ? { kase: c } : {}) }))];
}

/** What a family makes of no tool host, in words; undefined for a family it leaves whole. */
function underExec(category: AdversarialCategory): string | undefined {
  if (TOOL_HOST_FAMILIES.has(category)) return `${category} makes no variant: ${noToolHostReason(category)}`;
  if (category === 'prompt_injection') {
    return 'prompt_injection puts its payloads in the user\'s input only: the exec target hosts no tools (its agent calls its own), so a payload in a tool\'s answer would never reach it';
  }
  return undefined;
}

/** Under the exec target, a warning at each tool fault of a case: agentready does not inject it. */
export const toolFaultsNeedToolHost: Rule = (ctx) => {
  warnAtCaseEntries(ctx, {
    list: 'faults',
    code: 'fault_without_tool_host',
    // A model fault is served by the model gateway, which exec agents use as any other.
    message: (fault, kase) =>
      !('tool' in fault)
        ? undefined
        : `faults do not apply under the exec target: it hosts no tools (its agent calls its own), so agentready does not inject this ${fault.error ?? 'fault'} of ${fault.tool ?? 'a tool'}, and case ${kase?.id ?? ''} is judged on the calls its agent reports, without it. To test the agent against it, run this suite with a stdio, http or module target`,
  });
};

/** Under the exec target, a warning at each mock of a case: agentready never gives its answer. */
export const caseMocksNeedToolHost: Rule = (ctx) => {
  warnAtCaseEntries(ctx, {
    list: 'mocks',
    code: 'mock_without_tool_host',
    message: (mock, kase) =>
      `mocks do not apply under the exec target: it hosts no tools (its agent calls its own), so agentready never gives this answer of ${mock.tool ?? 'a tool'}, and case ${kase?.id ?? ''} is judged on the results its agent reports. To test the agent with it, run this suite with a stdio, http or module target`,
  });
};

type CaseEntry<K extends 'faults' | 'mocks'> = NonNullable<NonNullable<NonNullable<WrittenCaseValue>[K]>[number]>;

/** Under the exec target, a warning at each entry of a case's `list` that `message` words (undefined: none for it), quoting the entry. */
function warnAtCaseEntries<K extends 'faults' | 'mocks'>(ctx: RuleContext, input: { list: K; code: string; message: (entry: CaseEntry<K>, kase: WrittenCaseValue) => string | undefined }): void {
  if (!ctx.config || hostsTools(ctx.config.value.target)) return;
  for (const { yaml, value: suite } of ctx.suites) {
    (suite.cases ?? []).forEach((c, i) => {
      const entries = (c?.[input.list] ?? []) as readonly (CaseEntry<K> | undefined)[];
      entries.forEach((entry, j) => {
        const message = entry ? input.message(entry, c) : undefined;
        if (message === undefined) return;
        const path: PathKey[] = ['cases', i, input.list, j];
        ctx.report(issueAtPath({ yaml, path }, { path: z.core.toDotPath(path), code: input.code, message, severity: 'warning', found: JSON.stringify(entry) }));
      });
    });
  }
}

/** Whether an `approvals:` value refuses anything: only then does it change what a hosted agent meets. */
function refusesAny(approvals: unknown): boolean {
  if (approvals === 'deny') return true;
  return typeof approvals === 'object' && approvals !== null && Object.values(approvals).includes('deny');
}

/**
 * Under the exec target, a warning at each `approvals:` that refuses something: no one answers the
 * agent's approval/request there (it asks its own approver and reports `approved` on each call),
 * so a case written for a refusal is judged on approvals the agent granted itself.
 */
export const approvalsNeedToolHost: Rule = (ctx) => {
  if (!ctx.config || hostsTools(ctx.config.value.target)) return;
  for (const { yaml, value: suite } of ctx.suites) {
    for (const { holder, at, kase } of writers(suite)) {
      const approvals = holder?.approvals;
      if (!refusesAny(approvals)) continue;
      const whose = kase === undefined ? `the cases of suite ${suite.suite ?? ''} are` : `case ${kase.id ?? ''} is`;
      const path = [...at, 'approvals'];
      ctx.report(issueAtPath({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'approvals_without_tool_host',
        message: `approvals do not apply under the exec target: it answers no approval/request (its agent asks its own approver and reports \`approved: true\` on each call it approved), so ${whose} judged on the approvals its agent reports, not refused. To test the agent against a refusal, run this suite with a stdio, http or module target`,
        severity: 'warning',
        found: JSON.stringify(approvals),
      }));
    }
  }
};

/**
 * Under the exec target, a warning at each tool's `handler`: no tool call reaches agentready, so
 * the handler never runs, and the world's state changes only by the `state_change` the agent
 * reports on its calls (docs/conversations.md); an `expect.state` written for the handler's
 * changes would fail for a change never made. A warning, as for faults: the suite may be shared.
 */
export const handlersNeedToolHost: Rule = (ctx) => {
  if (!ctx.config || hostsTools(ctx.config.value.target)) return;
  for (const { yaml, value: suite } of ctx.suites) {
    (suite.tools ?? []).forEach((tool, i) => {
      if (typeof tool?.handler !== 'string') return;
      const path: PathKey[] = ['tools', i, 'handler'];
      ctx.report(issueAtPath({ yaml, path }, {
        path: z.core.toDotPath(path),
        code: 'handler_without_tool_host',
        message: `handlers do not run under the exec target: it hosts no tools (its agent calls its own), so ${tool.handler} is never called, and the state changes only by the state_change its agent reports on each call. To test the agent against this tool world, run this suite with a stdio, http or module target`,
        severity: 'warning',
        found: JSON.stringify(tool.handler),
      }));
    });
  }
};

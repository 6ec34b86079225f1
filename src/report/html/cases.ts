/**
 * The filterable case list: one `<details>` per case (attempts grouped), failing ones first,
 * each holding its failing checks and, per attempt, the trace's tool calls, approvals, policy
 * decisions and output. Every value from the agent is escaped with `h`.
 */
import type { CaseResult, CaseStatus, CheckResult, Trace } from '../../config/schema/index.js';
import type { Verdict } from '../../gate/types.js';
import { foldStatus } from '../../gate/diff.js';
import { callNumber } from '../../score/call-number.js';
import { formatMs, formatUsd } from '../format-figures.js';
import { groupByCase, UNCOUNTED_WORDS, uncountedFailure } from '../failing-cases.js';
import { reason } from '../failure-reason.js';
import { h, hJson } from './escape.js';
import { answered } from '../turns.js';
import { plural } from '../../common/plural.js';

/** Worst first, so failing cases lead the list. */
const STATUS_ORDER: Record<CaseStatus, number> = { error: 0, failed: 1, skipped: 2, passed: 3 };

/** The case-list section: filters, count, and the cases. */
export function caseList(input: { results: CaseResult[]; traces: ReadonlyMap<string, Trace>; verdict: Verdict | undefined }): string {
  const groups = groupByCase(input.results).sort((a, b) => STATUS_ORDER[caseStatus(a)] - STATUS_ORDER[caseStatus(b)]);
  const context = { traces: input.traces, uncounted: uncountedFailure(input.verdict) };
  return [
    '<div class="filters">',
    '<input id="filter" type="search" placeholder="Filter by case, suite, tag, tool or text" aria-label="Filter cases">',
    '<select id="status" aria-label="Status">',
    '<option value="all">all</option><option value="failing">failing</option><option value="failed">failed</option>',
    '<option value="error">error</option><option value="passed">passed</option><option value="skipped">skipped</option>',
    '</select>',
    `<span id="shown" class="muted">${plural(groups.length, 'case')}</span>`,
    '</div>',
    `<div id="cases">${groups.map((attempts) => caseBlock(attempts, context)).join('\n')}</div>`,
  ].join('\n');
}

// Returns one case's <details>, with the search text and status the filter reads.
function caseBlock(attempts: CaseResult[], context: { traces: ReadonlyMap<string, Trace>; uncounted: ReturnType<typeof uncountedFailure> }): string {
  const { traces } = context;
  const first = attempts[0]!;
  const status = caseStatus(attempts);
  const bad = attempts.find((r) => r.status === status)!;
  const name = `${first.suite}/${first.case_id}`;
  const calls = attempts.flatMap((r) => traces.get(r.trace_id)?.tool_calls.map((c) => c.name) ?? []);
  const search = [name, status, ...(first.description === undefined ? [] : [first.description]), ...first.tags, ...(first.risk ? [`risk:${first.risk}`] : []), ...calls, reason(bad)].join(' ').toLowerCase();
  const why = status === 'failed' || status === 'error' ? reason(bad) : (first.outcome ?? '');
  const tally = attempts.length > 1 ? ` <span class="muted">${attempts.filter((r) => r.status === 'passed').length}/${attempts.length} passed</span>` : '';
  const standing = status === 'failed' ? context.uncounted(name) : null;
  const mark = standing ? ` <span class="muted">(${UNCOUNTED_WORDS[standing]})</span>` : '';
  return [
    `<details class="case" data-status="${status}" data-search="${h(search)}">`,
    `<summary><span class="status ${status}">${status}</span> <code>${h(name)}</code>${tally}${mark} <span class="why">${h(why)}</span></summary>`,
    '<div class="case-body">',
    first.description === undefined ? '' : `<p class="description">${h(first.description)}</p>`,
    first.tags.length > 0 || first.risk ? `<p class="muted">tags: ${h(first.tags.join(', ') || '–')}${first.risk ? ` · risk ${h(first.risk)}` : ''}</p>` : '',
    ...attempts.map((r) => attemptBlock({ result: r, trace: traces.get(r.trace_id), numbered: attempts.length > 1 })),
    '</div>',
    '</details>',
  ].join('\n');
}

// Returns one attempt: its figures, failing checks and trace.
function attemptBlock({ result, trace, numbered }: { result: CaseResult; trace: Trace | undefined; numbered: boolean }): string {
  const head = `${numbered ? `Attempt ${result.attempt} · ` : ''}${result.status} · outcome ${result.outcome ?? '–'} · ${formatMs(result.duration_ms)} · ${formatUsd(result.cost_usd)} · ${plural(result.tool_calls, 'tool call')} · trace ${result.trace_id}`;
  const parts = [`<h3>${h(head)}</h3>`];
  if (result.error) parts.push(`<pre>${h(`${result.error.code}: ${result.error.message}`)}</pre>`);
  const failing = result.checks.filter((k): k is Extract<CheckResult, { pass: false }> => !k.pass);
  if (failing.length > 0) parts.push(checksTable(failing));
  if (trace === undefined) {
    parts.push('<p class="muted">Trace not in this report (see traces.jsonl in the run folder).</p>');
    return parts.join('\n');
  }
  parts.push(conversationTable(trace), toolCallsTable(trace), approvalsTable(trace), decisionsTable(trace));
  parts.push(`<h3>Output</h3><pre class="output">${trace.output === undefined || trace.output === null ? '<span class="muted">(none)</span>' : hJson(trace.output)}</pre>`);
  return parts.filter((p) => p !== '').join('\n');
}

// Returns the table of failing checks with what was expected and found.
function checksTable(failing: Extract<CheckResult, { pass: false }>[]): string {
  const rows = failing.map(
    (k) => `<tr class="failed"><td>${h(k.name ?? k.check)}</td><td>${h(k.reason)}</td><td><pre>${hJson(k.expected, 1000)}</pre></td><td><pre>${hJson(k.found, 1000)}</pre></td></tr>`,
  );
  return `<h3>Failing checks</h3><table><thead><tr><th>check</th><th>reason</th><th>expected</th><th>found</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Characters of one turn's message shown, the user's (a user simulator's may be anything) and the agent's alike. */
const TURN_CHARS = 2000;

// Returns a conversation's turns: each user message and the agent's answer; nothing for a one-message case.
function conversationTable(trace: Trace): string {
  if (!trace.turns || trace.turns.length === 0) return '';
  const rows = trace.turns.map(
    (t) => `<tr><td class="num">${t.turn}</td><td><pre>${hJson(t.user, TURN_CHARS)}</pre></td><td>${h(t.outcome)}</td><td>${answered(t) ? `<pre>${hJson(t.output, TURN_CHARS)}</pre>` : '<em>no answer</em>'}</td><td class="num">${formatMs(t.duration_ms)}</td></tr>`,
  );
  return `<h3>Conversation</h3><table class="turns"><thead><tr><th class="num">turn</th><th>user</th><th>outcome</th><th>agent</th><th class="num">time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Returns the tool calls in order, with arguments, answer, the world's change and latency (and the turn, in a conversation).
function toolCallsTable(trace: Trace): string {
  if (trace.tool_calls.length === 0) return '<h3>Tool calls</h3><p class="muted">No tool calls.</p>';
  const turns = trace.tool_calls.some((c) => c.turn !== undefined);
  const world = trace.tool_calls.some((c) => c.state_change !== undefined);
  const rows = trace.tool_calls.map((c) => {
    const answer = c.error ? { error: c.error } : c.result;
    const approved = c.approved === undefined ? '' : c.approved ? ' ✔ approved' : ' ✘ refused';
    const turn = turns ? `<td class="num">${c.turn ?? ''}</td>` : '';
    const change = world ? `<td>${c.state_change ? `<pre>${hJson(c.state_change, 1000)}</pre>` : ''}</td>` : '';
    return `<tr><td class="num">${callNumber(c)}</td>${turn}<td><code>${h(c.name)}</code>${approved}</td><td><pre>${hJson(c.arguments, 1000)}</pre></td><td>${h(c.answer)}</td><td><pre>${hJson(answer, 1000)}</pre></td>${change}<td class="num">${formatMs(c.latency_ms)}</td></tr>`;
  });
  const head = `<th class="num">#</th>${turns ? '<th class="num">turn</th>' : ''}<th>tool</th><th>arguments</th><th>answer</th><th>result</th>${world ? '<th>state change</th>' : ''}<th class="num">latency</th>`;
  return `<h3>Tool calls</h3><table class="tool-calls"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Returns the approval requests, or nothing when there were none.
function approvalsTable(trace: Trace): string {
  if (trace.approvals.length === 0) return '';
  const rows = trace.approvals.map(
    (a) => `<tr><td><code>${h(a.name)}</code></td><td><pre>${hJson(a.arguments, 1000)}</pre></td><td>${h(a.reason ?? '')}</td><td>${a.approved ? 'granted' : 'denied'}</td></tr>`,
  );
  return `<h3>Approvals</h3><table><thead><tr><th>tool</th><th>arguments</th><th>reason</th><th>answer</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Returns the policy decisions of the trace.
function decisionsTable(trace: Trace): string {
  if (trace.policy_decisions.length === 0) return '<h3>Policy decisions</h3><p class="muted">No policy decisions.</p>';
  const rows = trace.policy_decisions.map(
    (d) => `<tr class="${d.outcome === 'allow' ? '' : 'failed'}"><td>${h(d.rule_id)}</td><td><code>${h(d.tool)}</code></td><td>${h(d.outcome)}</td><td>${h(d.input_summary)}</td></tr>`,
  );
  return `<h3>Policy decisions</h3><table class="decisions"><thead><tr><th>rule</th><th>tool</th><th>outcome</th><th>input</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Returns a case's status from its attempts', as the gate, JUnit and the report's case counts fold them (foldStatus).
function caseStatus(attempts: CaseResult[]): CaseStatus {
  return foldStatus(attempts.map((r) => r.status));
}

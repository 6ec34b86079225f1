/**
 * The readiness card as one terminal screen (text) or as markdown: authority, costs, failure
 * handling, then the readiness kit's checklist. Pure renderers of `Card`; every name from a
 * file or a run is neutralized (text) or escaped (markdown).
 */
import { neutralizeLine } from '../../common/sanitize.js';
import { plural } from '../../common/plural.js';
import { formatCapDollars } from '../../common/usd.js';
import { formatMs, formatRateShare, formatRunCost, formatUsd } from '../format-figures.js';
import { costCapNames, formatModelMix, noUsageWarning } from '../format-models.js';
import { code, md, mdWithCode } from '../markdown-escape.js';
import type { Screen } from '../screen.js';
import { TIERS } from '../../config/schema/index.js';
import { ownCapsText } from './checklist.js';
import { KILL_SWITCH_KEYS } from './build.js';
import type { Card, ChecklistStatus, KillSwitchFigure, RateFigure } from '../../config/schema/card.js';
import { commandHint } from '../../config/command-hint.js';

/** The card is read at a glance: never wider than this, even on a wide terminal. */
const MAX_WIDTH = 100;

const MARK: Record<ChecklistStatus, string> = { covered: '✔', partly: '◐', missing: '✘' };

/** The card for a terminal, at most about 80 columns wide. */
export function formatCardText(screen: Screen, card: Card): string {
  const c = screen.colors;
  const t = neutralizeLine;
  const head = (title: string) => c.bold(title);
  const width = Math.min(screen.columns, MAX_WIDTH);
  const lines: string[] = [];
  lines.push(`${c.bold('Readiness card')} · ${t(card.config)} · ${suiteCount(card)}`);
  if (card.last_run) lines.push(c.dim(`last run ${t(card.last_run.run_id)}${card.last_run.agent ? ` · ${t(card.last_run.agent)}` : ''}`));
  else lines.push(...wrap(t(noRunText(card)), { indent: 0, width }).map((l) => c.yellow(l)));
  if (card.last_run?.filtered) lines.push(...wrap(filteredText(card.last_run.filtered).map(t).join(' '), { indent: 0, width }).map((l) => c.yellow(l)));
  if (card.last_run?.same_agent_error) lines.push(...wrap(couldNotRunText(card.last_run.same_agent_error).map(t).join(' '), { indent: 0, width }).map((l) => c.yellow(l)));

  lines.push('', head('AUTHORITY'));
  for (const tier of TIERS) {
    const tools = card.authority.tools.filter((x) => x.tier === tier);
    const names = tools.map((x) => `${t(x.name)}${x.effects.length > 0 ? ` [${x.effects.join(', ')}]` : ''}`);
    lines.push(...(names.length === 0 ? [`  ${tier.padEnd(11)}${c.dim('–')}`] : field({ label: `  ${tier}`, text: names.join(', '), labelWidth: 13, width })));
  }
  const approval = card.authority.tools.filter((x) => x.needs_approval).map((x) => t(x.name));
  lines.push(...(approval.length === 0 ? [`  ${'approval'.padEnd(11)}${c.dim('no tool needs one')}`] : field({ label: '  approval', text: approval.join(', '), labelWidth: 13, width })));
  const { rules } = card.authority;
  lines.push(`  ${'policy'.padEnd(11)}${rules.length === 0 ? c.yellow('no rules') : `${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}${card.authority.policy_file ? ` in ${t(card.authority.policy_file)}` : ''}`}`);
  for (const rule of rules) lines.push(...wrap(`${t(rule.id)} · ${t(rule.tool)}: ${t(rule.summary)}`, { indent: 4, width, hanging: 2 }).map((l) => c.dim(l)));

  lines.push('', head('COSTS'));
  const run = card.last_run;
  if (run) {
    lines.push(...field({ label: '  per task', text: `p50 ${formatUsd(run.cost_per_task.p50)} · p95 ${formatUsd(run.cost_per_task.p95)} · mean ${formatUsd(run.cost_per_task.mean)}`, labelWidth: 13, width }));
    lines.push(...field({ label: '  last run', text: `${formatRunCost(run.cost_total, run)} for ${plural(run.attempts, 'attempt')} · latency p50 ${formatMs(run.latency_ms.p50)} · p95 ${formatMs(run.latency_ms.p95)}`, labelWidth: 13, width }));
    if (run.models.length > 0) lines.push(...field({ label: '  models', text: t(formatModelMix(run.models)), labelWidth: 13, width }));
    const noUsage = noUsageText(card);
    if (noUsage) lines.push(...wrap(noUsage, { indent: 2, width, hanging: 2 }).map((l) => c.yellow(l)));
  } else {
    lines.push(c.dim('  no run yet'));
  }
  const caps = capsText(card);
  lines.push(...field({ label: '  case caps', text: caps.perCase, labelWidth: 13, width }), ...field({ label: '  run caps', text: caps.run, labelWidth: 13, width }));

  lines.push('', head('FAILURE HANDLING'));
  lines.push(...field({ label: '  escalation', text: run ? rateText(run.escalation_rate) : '–', labelWidth: 14, width }));
  const adversarial = card.failure_handling.adversarial;
  if (adversarial.length === 0) lines.push(`  adversarial ${c.yellow(noAdversarial(card))}`);
  else lines.push(...field({ label: '  adversarial', text: adversarial.map((a) => `${t(a.category)} ${rateText(a.success_rate)}`).join(' · '), labelWidth: 14, width }));
  const kill = killSwitchText(card);
  lines.push(...field({ label: '  kill switch', text: kill, labelWidth: 14, width }).map((l) => (card.failure_handling.kill_switch?.pass === true ? l : c.yellow(l))));
  lines.push(...field({ label: '  hard stops', text: run ? hardStops(run) : '–', labelWidth: 14, width }));

  if (card.quarantined.length > 0) {
    lines.push('', head('QUARANTINED'), c.dim('  run and reported, not counted by the gate'));
    for (const q of card.quarantined) {
      const when = q.ended ? c.yellow(`ended ${q.until}: gates again`) : `until ${q.until}`;
      lines.push(...wrap(`${t(q.case)} ${when}: ${t(q.reason)}`, { indent: 2, width, hanging: 2 }));
    }
  }

  lines.push('', head('READINESS KIT'));
  const colour = { covered: c.green, partly: c.yellow, missing: c.red };
  for (const item of card.checklist) {
    lines.push(`  ${colour[item.status](`${MARK[item.status]} ${item.status.padEnd(7)}`)} ${item.section}. ${item.title}`);
    lines.push(...wrap(t(item.found), { indent: 14, width }).map((l) => c.dim(l)));
    if (item.todo) lines.push(...wrap(`→ ${t(item.todo)}`, { indent: 14, width, hanging: 2 }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * With no run: the command making one (with the config in use's `--config`), and the newest run
 * another config of the folder made, with the command reading it.
 */
function noRunText(card: Card): string {
  const other = card.no_run?.other_config_run;
  const elsewhere = other ? `; the newest run in the runs folder, ${other.run_id}, was made with ${other.config}: \`${commandHint(other.card)}\` reads it` : '';
  return `no run yet: run \`${commandHint(card.no_run?.eval ?? 'eval')}\` for costs and failure figures${elsewhere}`;
}

/** The card as GitHub-flavoured markdown, for a PR description or a wiki page. */
export function formatCardMarkdown(card: Card): string {
  const run = card.last_run;
  const lines: string[] = [
    `## Readiness card · \`${code(card.config)}\``,
    '',
    `${suiteCount(card)} · ${run ? `last run \`${code(run.run_id)}\`${run.agent ? ` (${md(run.agent)})` : ''}` : mdWithCode(noRunText(card))}`,
    '',
    ...(run?.filtered ? [`**${filteredMarkdown(run.filtered)}**`, ''] : []),
    ...(run?.same_agent_error ? [`**${couldNotRunMarkdown(run.same_agent_error)}**`, ''] : []),
    '### Authority',
    '',
    '| tool | tier | effects | approval | policy rules |',
    '| --- | --- | --- | --- | --- |',
    ...card.authority.tools.map(
      (x) => `| \`${code(x.name)}\` | ${x.tier} | ${x.effects.join(', ') || '–'} | ${x.needs_approval ? 'required' : '–'} | ${x.rules.map(md).join(', ') || '–'} |`,
    ),
    '',
    card.authority.rules.length === 0 ? '_No policy rules._' : card.authority.rules.map((r) => `- **${md(r.id)}** (\`${code(r.tool)}\`): ${md(r.summary)}`).join('\n'),
    '',
    '### Costs',
    '',
    run
      ? `- per task: p50 ${formatUsd(run.cost_per_task.p50)} · p95 ${formatUsd(run.cost_per_task.p95)} · mean ${formatUsd(run.cost_per_task.mean)}\n- last run: ${formatRunCost(run.cost_total, run)} for ${plural(run.attempts, 'attempt')}${run.models.length > 0 ? `\n- models: ${md(formatModelMix(run.models))}` : ''}${noUsageText(card) ? `\n- **${md(noUsageText(card)!)}**` : ''}`
      : '- no run yet',
    `- caps per case: ${md(capsText(card).perCase)} · per run: ${md(capsText(card).run)}`,
    '',
    '### Failure handling',
    '',
    `- escalation: ${run ? rateText(run.escalation_rate) : '–'}`,
    `- adversarial: ${card.failure_handling.adversarial.map((a) => `${md(a.category)} ${rateText(a.success_rate)}`).join(' · ') || md(noAdversarial(card))}`,
    `- kill switch: ${mdWithCode(killSwitchText(card))}`,
    `- hard stops: ${run ? hardStops(run) : '–'}`,
    '',
    ...(card.quarantined.length === 0
      ? []
      : [
          '### Quarantined',
          '',
          'Run and reported, not counted by the gate.',
          '',
          ...card.quarantined.map((q) => `- \`${code(q.case)}\` ${q.ended ? `**ended ${q.until}: gates again**` : `until ${q.until}`}: ${md(q.reason)}`),
          '',
        ]),
    '### Readiness kit',
    '',
    '| | section | found | to do |',
    '| --- | --- | --- | --- |',
    ...card.checklist.map((i) => `| ${MARK[i.status]} ${i.status} | ${i.section}. ${md(i.title)} | ${mdWithCode(i.found)} | ${mdWithCode(i.todo) || '–'} |`),
  ];
  return `${lines.join('\n')}\n`;
}

// Returns "2 suites, 24 cases (8 adversarial)".
function suiteCount(card: Card): string {
  const cases = card.suites.reduce((n, s) => n + s.cases, 0);
  const adversarial = card.suites.reduce((n, s) => n + s.adversarial_cases, 0);
  return `${plural(card.suites.length, 'suite')}, ${plural(cases, 'case')}${adversarial > 0 ? ` (${adversarial} adversarial)` : ''}`;
}

// Returns the caps, as the config set them (formatCapDollars): per case "$0.05 · 8 model calls · 12 tool calls", per run "$1 · timeout 30.0s".
function capsText(card: Card): { perCase: string; run: string } {
  const caps = card.costs.caps;
  const perCase = [
    caps.max_cost_usd === null ? 'no $ cap' : formatCapDollars(caps.max_cost_usd),
    caps.max_model_calls === null ? 'no model-call cap' : `${caps.max_model_calls} model calls`,
    caps.max_tool_calls === null ? 'no tool-call cap' : `${caps.max_tool_calls} tool calls`,
    ...(caps.cases_with_own_caps > 0 ? [`${ownCapsText(card)} (expect.budgets)`] : []),
  ];
  const run = `${caps.max_run_cost_usd === null ? 'no $ cap' : formatCapDollars(caps.max_run_cost_usd)} · timeout ${formatMs(caps.timeout_ms)} per case`;
  return { perCase: perCase.join(' · '), run };
}

// Returns the warning of a last run in which no attempt reported any model usage while a dollar cap is set (it cost $0: the cap could not trip), else undefined.
function noUsageText(card: Card): string | undefined {
  const run = card.last_run;
  const { caps } = card.costs;
  if (!run || run.attempts === 0 || run.models.length > 0 || run.cost_total > 0) return undefined;
  const named = costCapNames({ perCase: caps.max_cost_usd !== null, perRun: caps.max_run_cost_usd !== null });
  return named.length > 0 ? noUsageWarning(named) : undefined;
}

// Returns "within caps 100% (32/32) · 0 timeouts · 0 skipped for cost" ("1 timeout").
function hardStops(run: NonNullable<Card['last_run']>): string {
  return `within caps ${rateText(run.budget_compliance)} · ${plural(run.timeouts, 'timeout')} · ${run.skipped_for_cost} skipped for cost`;
}

// Returns the kill-switch line: held / FAILED with its figures, or how to run one.
function killSwitchText(card: Card): string {
  const kill = card.failure_handling.kill_switch;
  if (kill === null) return `not run: \`${commandHint('eval --kill-switch')}\``;
  const verdict = kill.pass === null ? 'ran' : kill.pass ? 'held' : 'FAILED';
  const figures = killSwitchFigures(kill.figures)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return neutralizeLine(`${verdict} (run ${kill.run_id}${figures ? `; ${figures}` : ''})`);
}

/** Counts that say nothing when they are 0 (every case answered, no harness error). */
const SHOWN_WHEN_NOT_ZERO = new Set(['not_answered', 'errors']);

// Returns the kill-switch figures to show: every count eval --kill-switch writes (escalated
// too: "answered 8" of 9 attempts alone reads as a case that did not answer), those that are 0
// for a good run left out; a summary with none of them, the first four it has.
function killSwitchFigures(figures: KillSwitchFigure['figures']): Array<[string, string | number | boolean]> {
  const known = Object.entries(figures).filter(([key, value]) => KILL_SWITCH_KEYS.includes(key) && !(SHOWN_WHEN_NOT_ZERO.has(key) && value === 0));
  return known.length > 0 ? known : Object.entries(figures).slice(0, 4);
}

// Returns "92.5% (37/40)" or "–".
function rateText(rate: RateFigure): string {
  return rate.value === null ? '–' : `${formatRateShare(rate)} (${rate.successes}/${rate.n})`;
}

/** `label` padded to `labelWidth`, then `text` wrapped in the column after it. */
function field({ label, text, labelWidth, width }: { label: string; text: string; labelWidth: number; width: number }): string[] {
  const [first = '', ...rest] = wrap(text, { indent: labelWidth, width });
  return [`${label.padEnd(labelWidth - 1)} ${first.slice(labelWidth)}`, ...rest];
}

/** `text` word-wrapped to `width` columns, every line indented, continuation lines by `hanging` more. */
export function wrap(text: string, options: { indent: number; width: number; hanging?: number }): string[] {
  const first = ' '.repeat(options.indent);
  const rest = ' '.repeat(options.indent + (options.hanging ?? 0));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const prefix = lines.length === 0 ? first : rest;
    if (line !== '' && prefix.length + line.length + 1 + word.length > options.width - 1) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push((lines.length === 0 ? first : rest) + line);
  return lines;
}

// Returns what the card says of a run narrowed by filters, in two sentences (no run of every case was found).
function filteredText(filters: string): string[] {
  return [`This run was filtered (${filters}): its figures are those of the cases it ran, not of the suites.`, `Run \`${commandHint('eval')}\` without filters for the card of the whole suites.`];
}

// The same in markdown: the filters (the user's patterns) escaped, our command a code span.
function filteredMarkdown(filters: string): string {
  const [what, todo] = filteredText(filters);
  return `${md(what ?? '')} ${mdWithCode(todo ?? '')}`;
}

// Returns what the card says of a run whose every case ended in the same agent error, in two sentences.
function couldNotRunText(message: string): string[] {
  return [
    `Every case of this run ended in the same agent error (${message}): the agent could not run, so its figures say nothing of it.`,
    `Fix that (a missing API key or secret?), then run \`${commandHint('eval')}\`.`,
  ];
}

// The same in markdown: the agent's message escaped, our command a code span.
function couldNotRunMarkdown(message: string): string {
  const [what, todo] = couldNotRunText(message);
  return `${md(what ?? '')} ${mdWithCode(todo ?? '')}`;
}

// Returns the adversarial line when the run shown has no adversarial slice.
function noAdversarial(card: Card): string {
  return card.last_run?.filtered ? 'no adversarial results in the filtered run shown' : 'no adversarial results';
}

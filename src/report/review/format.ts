/** The review sample as a markdown checklist a reviewer works through. Pure. */
import { code, listCode, md } from '../markdown-escape.js';
import { RISK_TIERS, type ReviewItem, type ReviewSample } from './sample.js';
import { cutCounted } from '../../common/shorten.js';
import { attemptLabel, descriptionLine } from '../failing-cases.js';
import { answered } from '../turns.js';
import { formatWrittenFiles } from '../hub.js';

/** Characters of input and output shown; the trace holds the rest. */
const TEXT_CHARS = 600;
/** Characters of one call's arguments shown. */
const ARGUMENTS_CHARS = 160;

export function formatReviewMarkdown(sample: ReviewSample): string {
  const rates = RISK_TIERS.map((tier) => `${tier}=${sample.rates[tier]}`).join(',');
  const tiers = RISK_TIERS.map((tier) => `${tier} ${sample.tiers[tier].picked} of ${sample.tiers[tier].of}`).join(', ');
  const counts = countsOf(sample);
  const lines = [
    `# Review sample · run \`${code(sample.run_id)}\``,
    '',
    `Seed ${sample.seed} · rates \`${rates}\` · ${counts.attempts}: ${counts.parts} (${tiers}). A case without a risk level is sampled at the low rate.`,
    '',
    ...(sample.unfinished ? [`**${UNFINISHED.charAt(0).toUpperCase()}${UNFINISHED.slice(1)}.**`, ''] : []),
    'Tick an item once reviewed, and note under it what the agent should have done.',
    '',
    `## Failing or policy-denied (${sample.must.length})`,
    '',
    ...(sample.must.length > 0 ? sample.must.flatMap((item) => entry(item, sample.repeated)) : ['_None._', '']),
    ...(sample.approvalDenied.length > 0
      ? [`## Approval denied (${sample.approvalDenied.length})`, '', 'The approver refused a call: no policy violation, the case judged by its expectations. Check the agent took the refusal well.', '', ...sample.approvalDenied.flatMap((item) => entry(item, sample.repeated))]
      : []),
    `## Sampled (${sample.sampled.length})`,
    '',
    ...(sample.sampled.length > 0 ? sample.sampled.flatMap((item) => entry(item, sample.repeated)) : ['_None._', '']),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

// Returns one checklist item: the case, then its input (and a conversation's turns), outcome, tool calls and output.
function entry(item: ReviewItem, repeated: boolean): string[] {
  const label = [item.risk ?? 'no risk level', WHY[item.why], `trace \`${code(item.trace_id)}\``].join(' · ');
  const attempt = attemptLabel({ attempt: item.attempt, repeated });
  // "→ answered" for a call that got its result; any other kind of answer by its name (policy_denied, fault…),
  // and a denied call the agent reported as made (exec, a shadow trace) said to have run: no refusal stopped it.
  const calls = item.tool_calls.map((c) => `\`${listCode(`${c.name} ${clip(JSON.stringify(c.arguments) ?? '{}', ARGUMENTS_CHARS)}`)}\` → ${c.answer === 'answer' ? 'answered' : c.answer}${c.ran ? ' (it ran all the same)' : ''}`);
  return [
    `- [ ] **\`${code(item.key)}\`**${attempt} · ${label}`,
    ...(item.description === undefined ? [] : [`  - Description: ${md(descriptionLine(item.description))}`]),
    `  - Input: ${item.input === undefined ? '_not recorded_' : shown(item.input)}`,
    ...(item.turns ? ['  - Conversation:', ...item.turns.map((t) => `    - Turn ${t.turn} · user: ${md(clip(t.user, TEXT_CHARS))} · agent (${t.outcome}): ${answered(t) ? md(clip(textOf(t.output), TEXT_CHARS)) : '_no answer_'}`)] : []),
    `  - Outcome: ${item.outcome ?? item.status}${item.failure ? ` — ${md(clip(item.failure, TEXT_CHARS))}` : ''}`,
    `  - Tool calls: ${calls.length > 0 ? calls.join('; ') : 'none'}`,
    `  - Output: ${outputShown(item)}`,
    '  - Reviewer notes:',
    '',
  ];
}

/**
 * The line `review --out` prints on stdout once the sample is written to `file` (as the user would
 * name it): `Wrote <file>`, as eval and report name the files they wrote (hub.ts), then what it holds.
 */
export function formatReviewWritten(sample: ReviewSample, file: string): string {
  const { attempts, parts } = countsOf(sample);
  return `${formatWrittenFiles([file])}: ${attempts} of run ${sample.run_id} (${parts})${sample.unfinished ? `; ${UNFINISHED}` : ''}`;
}

/** "5 of 9 attempts" and "2 failing or policy-denied, 3 sampled", the approval-denied between when there are any. */
function countsOf(sample: ReviewSample): { attempts: string; parts: string } {
  const count = sample.must.length + sample.approvalDenied.length + sample.sampled.length;
  const denied = sample.approvalDenied.length > 0 ? `, ${sample.approvalDenied.length} ${WHY.approval_denied}` : '';
  return { attempts: `${count} of ${sample.total} attempts`, parts: `${sample.must.length} failing or policy-denied${denied}, ${sample.sampled.length} sampled` };
}

/** What the sample of a run that did not finish says of it. */
const UNFINISHED = 'the run did not finish (interrupted or killed): it holds only the cases that ended, and so does this sample';

const WHY: Record<ReviewItem['why'], string> = { failed: 'failed', error: 'harness error', policy_denied: 'policy-denied', approval_denied: 'approval-denied', sampled: 'sampled' };

/** An output as text: a string as is, anything else as JSON. */
function textOf(output: unknown): string {
  return typeof output === 'string' ? output : (JSON.stringify(output) ?? '');
}

/** The attempt's output for the checklist: `_no answer_` when it ended without one (timed out, failed), whose output reads `null`. */
function outputShown({ outcome, output }: Pick<ReviewItem, 'outcome' | 'output'>): string {
  if (output === undefined) return '_none_';
  const text = textOf(output);
  return outcome === undefined || answered({ outcome, output: text }) ? shown(text) : '_no answer_';
}

// A text for the checklist, escaped and cut; an empty one (a malformed_input variant sends "") says so rather than leave a blank.
function shown(text: string): string {
  return text === '' ? '_empty_' : md(clip(text, TEXT_CHARS));
}

function clip(text: string, max: number): string {
  return cutCounted(text, max);
}

/** `agentready validate`'s listing of a loaded project: its config, suites, policy and baseline, then the tally. Pure. */
import type { CheckedConfig, VariantTally } from '../config/index.js';
import type { Baseline } from '../config/schema/baseline.js';
import { plural } from '../common/plural.js';
import { neutralizeLine } from '../common/sanitize.js';
import { agentLabel } from '../config/agent-label.js';
import { commandHint } from '../config/command-hint.js';
import { shownPath } from '../config/shown-path.js';

/** The listing, each path shown from `cwd`; `baseline` undefined when the project has none yet. */
export function formatValidated({ config, baseline, cwd }: { config: CheckedConfig; baseline: Baseline | undefined; cwd: string }): string {
  const lines = [row('config', `${config.file ? shownPath(config.file, cwd) : '(embedded default)'}  target ${config.target.adapter}`)];
  for (const suite of config.suites) {
    const base = suite.cases.filter((c) => !c.adversarial).length;
    lines.push(row('suite', `${shownPath(suite.file, cwd)}  ${suite.name}: ${plural(base, 'case')}${formatVariantTally(suite.variants)}, ${plural(suite.tools.length, 'tool')}`));
  }
  if (config.policy.file) lines.push(row('policy', `${shownPath(config.policy.file, cwd)}  ${plural(config.policy.rules.length, 'rule')}`));
  const shownBaseline = shownPath(config.baselinePath, cwd);
  lines.push(
    baseline
      ? row('baseline', `${shownBaseline}  ${plural(Object.keys(baseline.cases).length, 'case')}, agent ${neutralizeLine(agentLabel(baseline.provenance.agent))}`)
      : row('baseline', `${shownBaseline}  none yet (create one with \`${commandHint('baseline update')}\`)`),
  );
  const cases = config.suites.reduce((n, s) => n + s.cases.length, 0);
  lines.push(`\nValid: ${plural(config.suites.length, 'suite')}, ${plural(cases, 'case')}${config.warnings.length ? `, ${plural(config.warnings.length, 'warning')}` : ''}.\n`);
  return lines.join('\n');
}

/**
 * ` + 12 adversarial variants (prompt_injection 8, missing_context 0, rate_limit 4)`: every
 * family the suite asks for, with what it made (0 included); '' for a suite that asks for none.
 */
export function formatVariantTally(tally: readonly VariantTally[] | undefined): string {
  if (!tally || tally.length === 0) return '';
  const total = tally.reduce((sum, { count }) => sum + count, 0);
  return ` + ${plural(total, 'adversarial variant')} (${tally.map(({ category, count }) => `${category} ${count}`).join(', ')})`;
}

/** One line of the listing: its label in a column as wide as the longest ("baseline") and a space. */
function row(label: 'config' | 'suite' | 'policy' | 'baseline', text: string): string {
  return `${label.padEnd('baseline'.length + 2)}${text}`;
}

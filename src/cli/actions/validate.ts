/** `agentready validate`: load everything eval would, without starting the agent. */
import { statSync } from 'node:fs';
import { neutralizeLine } from '../../common/sanitize.js';
import { EXIT } from '../../errors.js';
import { plural } from '../../common/plural.js';
import { formatVariantTally } from '../../report/format-validate.js';
import { writeOut } from '../print.js';
import { checkConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';
import { agentLabel } from '../../config/agent-label.js';
import { commandHint } from '../../config/command-hint.js';
import { shownPath } from '../../config/shown-path.js';

export async function runValidateCommand(globals: GlobalOptions): Promise<number> {
  const config = await checkConfigFor(globals);
  const cwd = process.cwd();
  const lines = [row('config', `${config.file ? shownPath(config.file, cwd) : '(embedded default)'}  target ${config.target.adapter}`)];
  for (const suite of config.suites) {
    const base = suite.cases.filter((c) => !c.adversarial).length;
    lines.push(row('suite', `${shownPath(suite.file, cwd)}  ${suite.name}: ${plural(base, 'case')}${formatVariantTally(suite.variants)}, ${plural(suite.tools.length, 'tool')}`));
  }
  if (config.policy.file) lines.push(row('policy', `${shownPath(config.policy.file, cwd)}  ${plural(config.policy.rules.length, 'rule')}`));
  // The baseline too: eval refuses a corrupt one, so validate must not call it valid. Its reader
  // (and schema) is loaded only when there is a file to read.
  const baseline = statSync(config.baselinePath, { throwIfNoEntry: false })
    ? await (await import('../../gate/baseline.js')).readBaseline(config.baselinePath)
    : undefined;
  const shownBaseline = shownPath(config.baselinePath, cwd);
  lines.push(
    baseline
      ? row('baseline', `${shownBaseline}  ${plural(Object.keys(baseline.cases).length, 'case')}, agent ${neutralizeLine(agentLabel(baseline.provenance.agent))}`)
      : row('baseline', `${shownBaseline}  none yet (create one with \`${commandHint('baseline update')}\`)`),
  );
  const cases = config.suites.reduce((n, s) => n + s.cases.length, 0);
  lines.push(`\nValid: ${plural(config.suites.length, 'suite')}, ${plural(cases, 'case')}${config.warnings.length ? `, ${plural(config.warnings.length, 'warning')}` : ''}.\n`);
  writeOut(`${lines.join('\n')}`);
  return EXIT.PASSED;
}

/** One line of the listing: its label in a column as wide as the longest ("baseline") and a space. */
function row(label: 'config' | 'suite' | 'policy' | 'baseline', text: string): string {
  return `${label.padEnd('baseline'.length + 2)}${text}`;
}

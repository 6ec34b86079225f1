/** `agentready validate`: load everything eval would, without starting the agent. */
import { relative } from 'node:path';
import { EXIT } from '../../errors.js';
import { writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';

export async function runValidateCommand(globals: GlobalOptions): Promise<number> {
  const config = await loadConfigFor(globals);
  const cwd = process.cwd();
  const lines = [`config  ${config.file ? relative(cwd, config.file) || config.file : '(embedded default)'}  target ${config.target.adapter}`];
  for (const suite of config.suites) {
    lines.push(`suite   ${relative(cwd, suite.file)}  ${suite.name}: ${suite.cases.length} cases, ${suite.tools.length} tools`);
  }
  if (config.policy.file) lines.push(`policy  ${relative(cwd, config.policy.file)}  ${config.policy.rules.length} rules`);
  const cases = config.suites.reduce((n, s) => n + s.cases.length, 0);
  lines.push(`\nValid: ${config.suites.length} suite${config.suites.length === 1 ? '' : 's'}, ${cases} cases${config.warnings.length ? `, ${config.warnings.length} warnings` : ''}.\n`);
  writeOut(`${lines.join('\n')}`);
  return EXIT.PASSED;
}

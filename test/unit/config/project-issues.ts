/** The issues of the project rules over one config and one suite, each source valid on its own. */
import type { ConfigIssue } from '../../../src/errors.js';
import { validateConfigSource, validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { PROJECT_RULES, runRules } from '../../../src/config/rules.js';

export function projectIssues({ config, suite }: { config: string; suite: string }): ConfigIssue[] {
  const checkedConfig = validateConfigSource({ source: config, file: 'agentready.config.yaml' });
  const checkedSuite = validateSuiteSource(suite, 'a.suite.yaml');
  if (!checkedConfig.ok || !checkedSuite.ok) throw new Error('invalid fixture');
  return runRules(PROJECT_RULES, {
    suites: [{ yaml: parseYaml({ source: suite, file: 'a.suite.yaml' }).yaml, value: checkedSuite.value }],
    config: { yaml: parseYaml({ source: config, file: 'agentready.config.yaml' }).yaml, value: checkedConfig.value },
  });
}

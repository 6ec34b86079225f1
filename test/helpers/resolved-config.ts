// A config as loadConfig resolves it (every field ResolvedConfig requires; the defaults where a
// config file would say nothing), rooted at `rootDir`; a test names the fields it looks at.
import path from 'node:path';
import { DEFAULT_MODELS, DEFAULT_RUN } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/schema/index.js';

export function resolvedConfig({ rootDir = '/p', ...over }: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    file: path.join(rootDir, 'agentready.config.yaml'),
    rootDir,
    target: { adapter: 'stdio', command: ['node', 'agent.js'], cwd: rootDir },
    baselinePath: path.join(rootDir, 'agentready.baseline.json'),
    run: { ...DEFAULT_RUN },
    budgets: {},
    pricing: {},
    models: { mode: DEFAULT_MODELS.mode, upstream: { ...DEFAULT_MODELS.upstream }, cassettes: path.join(rootDir, DEFAULT_MODELS.cassettes) },
    gate: {},
    suites: [],
    policy: { file: undefined, rules: [] },
    warnings: [],
    ...over,
  };
}

/**
 * Modules the project names must exist: `expect.custom` scorers (relative to the suite file), an
 * error at the entry; a module target (relative to the config file), a warning, since commands
 * that start no agent (`score`, `report`, `card`) must still work before a build writes it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule } from './rules.js';

export const customScorersExist: Rule = (ctx) => {
  for (const { yaml, value: suite, absPath } of ctx.suites) {
    if (absPath === undefined) continue;
    suite.cases?.forEach((kase, i) => {
      kase?.expect?.custom?.forEach((scorer, j) => {
        if (typeof scorer !== 'string' || existsSync(path.resolve(path.dirname(absPath), scorer))) return;
        const at: PathKey[] = ['cases', i, 'expect', 'custom', j];
        const missing = `no scorer file at ${path.join(path.dirname(yaml.file), scorer)}`;
        ctx.report(issueAtPath({ yaml, path: at }, {
          path: z.core.toDotPath(at),
          code: 'missing_scorer',
          message: missing,
          expected: 'a JS or TS module, its path relative to the suite file',
          found: `${JSON.stringify(scorer)} (${missing})`,
        }));
      });
    });
  }
};

export const agentModuleExists: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config?.absPath === undefined || target?.adapter !== 'module' || typeof target.module !== 'string') return;
  if (existsSync(path.resolve(path.dirname(config.absPath), target.module))) return;
  const missing = `no agent module at ${path.join(path.dirname(config.yaml.file), target.module)}`;
  ctx.report(issueAtPath({ yaml: config.yaml, path: ['target', 'module'] }, {
    path: 'target.module',
    code: 'missing_module',
    severity: 'warning',
    message: missing,
    expected: 'a JS or TS module, its path relative to the config file',
    found: `${JSON.stringify(target.module)} (${missing})`,
  }));
};

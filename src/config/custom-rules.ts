/** `expect.custom` names scorer modules relative to the suite file: each must exist (an error at its entry). */
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
        ctx.report(issueAtPath(yaml, at, {
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

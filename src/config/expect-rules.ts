/**
 * Expected calls no run can match (SPEC §6): an `approved: true` on a tool that takes no approval,
 * a tool both expected and forbidden. Such a case fails every run, and `baseline update` accepts
 * it as a known failure, where it protects nothing: a warning at the expectation says so first.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import type { Rule } from './rules.js';
import { needsApproval } from './tools.js';

/** The expectation's parts this rule reads, salvaged (any may be missing). */
interface Place {
  tools?: ({ name?: string | undefined; approved?: boolean | undefined } | undefined)[] | undefined;
  forbid?: (string | { name?: string | undefined; args?: unknown } | undefined)[] | undefined;
}

export const expectationsCanPass: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const tools = new Map((suite.tools ?? []).flatMap((tool) => (tool?.name === undefined ? [] : [[tool.name, tool] as const])));
    suite.cases?.forEach((c, i) => {
      const places: [PathKey[], Place | undefined][] = [[['cases', i, 'expect'], c?.expect]];
      c?.expect?.alternatives?.forEach((alternative, k) => places.push([['cases', i, 'expect', 'alternatives', k], alternative]));
      for (const [at, place] of places) {
        place?.tools?.forEach((call, j) => {
          const tool = call?.name === undefined ? undefined : tools.get(call.name);
          if (call?.approved !== true || tool === undefined) return;
          const tier = tool.tier ?? 'read';
          const effects = (tool.effects ?? []).filter((effect) => effect !== undefined);
          if (tier !== 'suggest' && needsApproval({ tier, effects })) return;
          const why = tier === 'suggest' ? `${call.name} is tier suggest: it never runs` : `${call.name} needs no approval (tier ${tier}, no effects): no call of it runs on one`;
          report([...at, 'tools', j, 'approved'], `${why}, so \`approved: true\` never matches and the case can never pass (drop \`approved\`, or give the tool tier approve or an effect)`, 'true');
        });
        // A forbid entry without args forbids every call of its tool, the expected one included.
        const forbidden = new Map<string, number>();
        place?.forbid?.forEach((entry, k) => {
          const name = typeof entry === 'string' ? entry : entry?.args === undefined ? entry?.name : undefined;
          if (name !== undefined && !forbidden.has(name)) forbidden.set(name, k);
        });
        place?.tools?.forEach((call, j) => {
          const k = call?.name === undefined ? undefined : forbidden.get(call.name);
          if (k === undefined) return;
          report([...at, 'tools', j, 'name'], `${call!.name} is expected and forbidden (forbid[${k}]): any call of it fails the tools check, so this expectation can never pass (give the forbid entry args that leave the expected call out)`, JSON.stringify(call!.name));
        });
      }
    });

    // No `expected`: the terminal then prints the message, which says why and what to do.
    function report(path: PathKey[], message: string, found: string): void {
      ctx.report(issueAtPath(yaml, path, { path: z.core.toDotPath(path), code: 'expectation_never_matches', severity: 'warning', message, found }));
    }
  }
};

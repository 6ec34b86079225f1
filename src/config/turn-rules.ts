/**
 * Rules for conversations and tool worlds: a case gives `input` or `turns`; a reply list can
 * match something; a domain error does not borrow one of agentready's own error kinds.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import { oneOrMany } from './json-value.js';
import type { Rule, RuleContext } from './rules.js';
import { hasIn, keysIn, type YamlFile } from './parse-yaml.js';
import { keyMeant } from './allowed-keys.js';
import type { Salvaged } from './salvage.js';
import { OWN_ERROR_KINDS } from './schema/answer-kinds.js';
import { CaseSchema, type ScriptedReply } from './schema/suite.js';

/** Outcomes that end a conversation: a reply conditioned on them is never asked for. */
const ENDING_OUTCOMES: readonly string[] = ['escalated', 'refused'];

/** A case gives exactly one of `input` and `turns` (a present but invalid one counts: its schema error says the rest; so does a typo of one). */
export const inputOrTurns: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) => {
      if (!c) return;
      const hasInput = hasIn(yaml, ['cases', i, 'input']);
      const hasTurns = hasIn(yaml, ['cases', i, 'turns']);
      if (hasInput !== hasTurns) return;
      if (hasInput) {
        report({ ctx, yaml, at: ['cases', i, 'turns'] }, {
          code: 'input_and_turns',
          message: 'a case gives `input` or `turns`, not both',
          expected: 'either `input` (one message) or `turns` (a conversation)',
          found: 'both `input` and `turns`',
        });
        return;
      }
      const at = ['cases', i];
      // A typo of either key (`imput`) is one problem, its unknown key, which names the key meant.
      const allowed = Object.keys(CaseSchema.shape);
      if (keysIn(yaml, at).some((key) => !allowed.includes(key) && ['input', 'turns'].includes(keyMeant(key, allowed) ?? ''))) return;
      ctx.report(issueAtPath({ yaml, path: at }, {
        path: z.core.toDotPath([...at, 'input']),
        code: 'missing_input',
        message: 'missing required key "input"',
        expected: 'key "input" with a string, or key "turns" with a list of turns',
        found: 'no "input" key',
      }));
    });
  }
};

/**
 * A reply list that can never (fully) match: one on the first turn (there is no answer yet to
 * match), a reply after the default (never reached), a `when` on an outcome that ends the
 * conversation, or a `when` whose output checks contradict each other.
 */
export const replyListsCanMatch: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) =>
      c?.turns?.forEach((turn, t) => {
        const replies = turn?.user;
        if (!Array.isArray(replies)) return;
        const at: PathKey[] = ['cases', i, 'turns', t, 'user'];
        if (t === 0) {
          report({ ctx, yaml, at }, {
            code: 'reply_list_first_turn',
            message: 'the first turn has no answer of the agent to choose a reply by',
            expected: 'the opening message as text (`user: "..."`)',
            found: 'a reply list',
          });
          return;
        }
        const fallback = replies.findIndex((reply) => reply !== undefined && reply.when === undefined);
        replies.forEach((reply, r) => {
          if (!reply) return;
          if (fallback !== -1 && r > fallback) {
            report({ ctx, yaml, at: [...at, r] }, {
              code: 'unreachable_reply',
              message: `this reply comes after the default (user[${fallback}], without \`when\`), so it is never chosen`,
              expected: 'replies with `when` first, the default (no `when`) last',
              found: JSON.stringify(reply.say ?? ''),
            });
            return;
          }
          const contradiction = whenContradiction(reply);
          if (contradiction) report({ ctx, yaml, at: [...at, r, 'when', ...contradiction.at] }, contradiction.fields);
        });
      }),
    );
  }
};

/** A domain error (a mock's `error.kind`) that would read as one of agentready's own answers. */
export const ownErrorKinds: Rule = (ctx) => {
  const own: readonly string[] = OWN_ERROR_KINDS;
  for (const { yaml, value: suite } of ctx.suites) {
    const check = (kind: string | undefined, at: PathKey[]) => {
      if (kind === undefined || !own.includes(kind)) return;
      report({ ctx, yaml, at }, {
        code: 'reserved_error_kind',
        message: `"${kind}" is an error kind agentready itself answers with, so a domain error may not use it`,
        expected: `a domain error kind of your own (not ${OWN_ERROR_KINDS.join(', ')})`,
        found: JSON.stringify(kind),
      });
    };
    suite.tools?.forEach((tool, i) => check(tool?.mock?.error?.kind, ['tools', i, 'mock', 'error', 'kind']));
    suite.cases?.forEach((c, i) => c?.mocks?.forEach((mock, j) => check(mock?.error?.kind, ['cases', i, 'mocks', j, 'error', 'kind'])));
  }
};

/** Why a reply's `when` can never hold, and where: ending outcomes, or output checks that contradict. */
function whenContradiction(reply: Salvaged<ScriptedReply>): { at: PathKey[]; fields: Fields } | undefined {
  const when = reply.when;
  if (!when) return undefined;
  const outcomes = oneOrMany(when.outcome);
  if (outcomes.length > 0 && outcomes.every((outcome) => outcome !== undefined && ENDING_OUTCOMES.includes(outcome))) {
    return {
      at: ['outcome'],
      fields: {
        code: 'reply_never_asked',
        message: `the conversation ends when the agent answers ${outcomes.join(' or ')}, so this reply is never asked for`,
        expected: 'an outcome that continues the conversation (completed, partial, clarified)',
        found: JSON.stringify(when.outcome),
      },
    };
  }
  const list = (value: string | Array<string | undefined> | undefined): string[] =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  const contains = list(when.output?.contains);
  const clash = list(when.output?.not_contains).find((absent) => contains.some((present) => present.includes(absent)));
  if (clash !== undefined) {
    return {
      at: ['output', 'not_contains'],
      fields: {
        code: 'reply_never_matches',
        message: `output must contain text that includes "${clash}" and must not contain "${clash}": no answer matches`,
        expected: 'output checks some answer can pass',
        found: JSON.stringify(clash),
      },
    };
  }
  return undefined;
}

type Fields = { code: string; message: string; expected: string; found: string };

function report({ ctx, yaml, at }: { ctx: RuleContext; yaml: YamlFile; at: PathKey[] }, fields: Fields): void {
  ctx.report(issueAtPath({ yaml, path: at }, { path: z.core.toDotPath(at), ...fields }));
}

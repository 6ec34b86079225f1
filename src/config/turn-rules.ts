/**
 * Rules for conversations and tool worlds: a case gives `input` or `turns`; a reply list can
 * match something; a domain error does not borrow one of agentready's own error kinds; what a
 * user simulator makes of a case that expects the agent to ask.
 */
import { z } from 'zod';
import { issueAtPath, type PathKey } from './locate.js';
import { oneOrMany } from './json-value.js';
import type { Rule, RuleCase, RuleContext } from './rules.js';
import { itemHasIn, keysIn, type YamlFile } from './parse-yaml.js';
import { keyMeant } from './allowed-keys.js';
import type { Salvaged } from './salvage.js';
import { OWN_ERROR_KINDS } from './schema/answer-kinds.js';
import { CaseSchema, type ScriptedReply } from './schema/suite.js';
import { malformedInputExpectation } from './adversarial/malformed-input.js';
import { missingContextExpectation } from './adversarial/missing-context.js';

/** Outcomes that end a conversation: a reply conditioned on them is never asked for. */
const ENDING_OUTCOMES: readonly string[] = ['escalated', 'refused'];

/** A case's keys. */
const CASE_KEYS = Object.keys(CaseSchema.shape);
/** Whether a key of a case is no case key but a typo of `input` or `turns`. */
const meansInputOrTurns = (key: string): boolean => !CASE_KEYS.includes(key) && ['input', 'turns'].includes(keyMeant(key, CASE_KEYS) ?? '');

/** A case gives exactly one of `input` and `turns` (a present but invalid one counts: its schema error says the rest; so does a typo of one). */
export const inputOrTurns: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    const caseHas = itemHasIn(yaml, ['cases']);
    suite.cases?.forEach((c, i) => {
      if (!c) return;
      const hasInput = caseHas(i, 'input');
      const hasTurns = caseHas(i, 'turns');
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
      if (keysIn(yaml, at).some(meansInputOrTurns)) return;
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
    const ofTurns = (turns: NonNullable<RuleCase['turns']>, i: number) =>
      turns.forEach((turn, t) => {
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
          else deadOutcomes(reply).forEach(({ outcome, k }) => report({ ctx, yaml, at: [...at, r, 'when', 'outcome', k] }, {
            code: 'reply_outcome_never_asked',
            message: `the conversation ends when the agent answers ${outcome}, so this reply is never asked for after it: only the list's other outcomes choose it`,
            found: JSON.stringify(outcome),
            severity: 'warning',
          }));
        });
      });
    suite.cases?.forEach((c, i) => {
      if (c?.turns) ofTurns(c.turns, i);
    });
  }
};

/**
 * A script whose turn checks rule the case out: the last turn's `expect.outcome` sharing no
 * outcome with the case's (the case's final outcome is the last turn's answer, and a last turn that
 * never came fails its check; an error), and a turn before the last that expects only outcomes
 * ending the conversation (when it passes, the turns after it are never sent; a warning).
 */
export const turnsCanPass: Rule = (ctx) => {
  for (const { yaml, value: suite } of ctx.suites) {
    suite.cases?.forEach((c, i) => {
      const turns = c?.turns;
      if (!turns) return;
      const last = turns.length - 1;
      turns.forEach((turn, t) => {
        const outcomes = outcomesOf(turn?.expect?.outcome);
        if (outcomes.length === 0) return;
        const at: PathKey[] = ['cases', i, 'turns', t, 'expect', 'outcome'];
        if (t < last && outcomes.every((outcome) => ENDING_OUTCOMES.includes(outcome))) {
          report({ ctx, yaml, at }, {
            code: 'turns_after_ending',
            message: `turn ${t + 1} expects ${outcomes.join(' or ')}, which ends the conversation: when this check passes, turn${t + 2 === last + 1 ? ` ${t + 2} is` : `s ${t + 2}–${last + 1} are`} never sent${turns.slice(t + 1).some((later) => later?.expect !== undefined) ? ', and their checks fail' : ''}`,
            found: JSON.stringify(turn?.expect?.outcome),
            severity: 'warning',
          });
        }
        const final = outcomesOf(c.expect?.outcome);
        if (t !== last || final.length === 0 || c.expect?.alternatives !== undefined || outcomes.some((outcome) => final.includes(outcome))) return;
        report({ ctx, yaml, at }, {
          code: 'turn_and_case_outcomes_clash',
          message: `the case's final outcome is its last turn's answer: turn ${t + 1} expects ${outcomes.join(' or ')} and the case's expect.outcome ${final.join(' or ')}, so the case can never pass`,
          found: JSON.stringify(turn?.expect?.outcome),
        });
      });
    });
  }
};

/** An `outcome` expectation (one or a list) as its outcomes, the salvaged holes left out. */
function outcomesOf(outcome: string | ReadonlyArray<string | undefined> | undefined): string[] {
  return oneOrMany(outcome).filter((item): item is string => typeof item === 'string');
}

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
    const ofMocks = (mocks: NonNullable<RuleCase['mocks']>, i: number) =>
      mocks.forEach((mock, j) => check(mock?.error?.kind, ['cases', i, 'mocks', j, 'error', 'kind']));
    suite.cases?.forEach((c, i) => {
      if (c?.mocks) ofMocks(c.mocks, i);
    });
  }
};

/** The outcomes of a `when` list that end the conversation, beside others that do not (all of them is whenContradiction's error), with their index. */
function deadOutcomes(reply: Salvaged<ScriptedReply>): Array<{ outcome: string; k: number }> {
  const outcome = reply.when?.outcome;
  if (!Array.isArray(outcome)) return [];
  return outcome.flatMap((item, k) => (item !== undefined && ENDING_OUTCOMES.includes(item) ? [{ outcome: item, k }] : []));
}

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

/** The variant families whose expectation is the agent's answer to one message, and the outcomes they expect. */
const ONE_ANSWER_FAMILIES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  missing_context: oneOrMany(missingContextExpectation({}, []).outcome),
  malformed_input: oneOrMany(malformedInputExpectation({}).outcome),
};

/**
 * With a user simulator (`user:` in the config) a case written with `input` is a conversation: a
 * `clarified` answer is replied to, and the case ends on a later answer unless the simulator
 * stops right then. A warning at each such case that expects `clarified` and not `completed`, and
 * at each missing_context or malformed_input family asked of such cases (their variants expect
 * clarified, escalated or refused, never completed).
 */
export const clarifiedUnderSimulator: Rule = (ctx) => {
  if (ctx.config?.value.user === undefined) return;
  for (const { yaml, value: suite } of ctx.suites) {
    const single = (suite.cases ?? []).map((c) => c !== undefined && c.input !== undefined && c.turns === undefined);
    single.forEach((isSingle, i) => {
      const outcomes: readonly (string | undefined)[] = oneOrMany(suite.cases?.[i]?.expect?.outcome);
      if (!isSingle || !outcomes.includes('clarified') || outcomes.includes('completed')) return;
      report({ ctx, yaml, at: ['cases', i, 'expect', 'outcome'] }, {
        code: 'question_answered_by_simulator',
        message: `with \`user:\` in the config, case ${suite.cases?.[i]?.id ?? ''} is a conversation: the user simulator answers the agent's question and the case ends on a later answer (unless the simulator says {stop: true} then). To judge the question itself, write the case as \`turns: [{ user: "…" }]\`, a script the simulator does not continue`,
        found: JSON.stringify(suite.cases?.[i]?.expect?.outcome),
        severity: 'warning',
      });
    });
    const lists: Array<{ list: readonly unknown[] | undefined; at: PathKey[]; cases: boolean }> = [
      // The suite's families go to the cases that do not choose their own.
      { list: suite.adversarial, at: ['adversarial'], cases: single.some((isSingle, i) => isSingle && suite.cases?.[i]?.adversarial === undefined) },
      ...(suite.cases ?? []).map((c, i) => ({ list: c?.adversarial, at: ['cases', i, 'adversarial'] as PathKey[], cases: single[i] === true })),
    ];
    for (const { list, at, cases } of lists) {
      if (!cases) continue;
      (list ?? []).forEach((category, k) => {
        const outcomes = typeof category === 'string' && Object.hasOwn(ONE_ANSWER_FAMILIES, category) ? ONE_ANSWER_FAMILIES[category] : undefined;
        if (outcomes === undefined) return;
        const expects = outcomes.join(' or ');
        report({ ctx, yaml, at: [...at, k] }, {
          code: 'question_answered_by_simulator',
          message: `with \`user:\` in the config, the ${category} variants of cases written with \`input\` are conversations: the user simulator answers the agent's question, and each variant is judged on a later answer, while it expects ${expects}. Run the adversarial suites with a config that has no \`user:\` (\`--config\`), or have the simulator answer {stop: true} to these variants (their case ids hold \`~${category}-\`)`,
          found: JSON.stringify(category),
          severity: 'warning',
        });
      });
    }
  }
};

type Fields = { code: string; message: string; expected?: string; found: string; severity?: 'warning' };

function report({ ctx, yaml, at }: { ctx: RuleContext; yaml: YamlFile; at: PathKey[] }, fields: Fields): void {
  ctx.report(issueAtPath({ yaml, path: at }, { path: z.core.toDotPath(at), ...fields }));
}

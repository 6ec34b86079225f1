/**
 * Adversarial expansion (SPEC §2, §11 "Variants"): base case + payload packs + seed → variants,
 * each with its own expectation. Pure; the packs are loaded by adversarial/load-packs.ts.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { DEFAULT_ADVERSARIAL, DEFAULT_RUN } from './defaults.js';
import { suiteFingerprint, toolsJson } from './case-fingerprint.js';
import { malformedInputVariants } from './adversarial/malformed-input.js';
import { missingContextVariants } from './adversarial/missing-context.js';
import { promptInjectionVariants } from './adversarial/prompt-injection.js';
import { pickSubset } from './adversarial/random.js';
import { rateLimitVariants } from './adversarial/rate-limit.js';
import { toolFailureVariants } from './adversarial/tool-failure.js';
import { makeVariant, type CategoryContext, type VariantSpec } from './adversarial/variant.js';
import { issueAtPath, type PathKey } from './locate.js';
import { hostsTools, noToolHostReason, TOOL_HOST_FAMILIES } from './tool-host.js';
import type { YamlFile } from './parse-yaml.js';
import { ADVERSARIAL_CATEGORIES, type AdversarialCategory } from './schema/adversarial.js';
import type { AdversarialPayloads } from './schema/adversarial-packs.js';
import type { WrittenConfig } from './schema/config.js';
import type { Case, Suite, VariantTally } from './schema/resolved.js';
import type { Expectation, WrittenSuite } from './schema/suite.js';

export interface ExpansionSettings {
  seed: number;
  maxInputChars: number;
  /** Most variants per base case, per category; absent: all. */
  variantsPerCase: Partial<Record<AdversarialCategory, number>>;
  /** Whether the target's tools are agentready's (tool-host.ts): false under exec, where no mock or fault reaches the agent. */
  hostsTools: boolean;
}

type Expander<C extends AdversarialCategory> = (ctx: CategoryContext<AdversarialPayloads[C][number]>) => VariantSpec[];

const EXPANDERS: { readonly [C in AdversarialCategory]: Expander<C> } = {
  prompt_injection: promptInjectionVariants,
  missing_context: missingContextVariants,
  malformed_input: malformedInputVariants,
  rate_limit: rateLimitVariants,
  tool_failure: toolFailureVariants,
};

/** Why a family a suite asks for made no variant, when every case that asks for it got none. */
const NONE_BECAUSE: { readonly [C in AdversarialCategory]: (suite: Suite) => string } = {
  prompt_injection: () => 'no prompt_injection payload is loaded',
  missing_context: (suite) => suite.contextSchema
    ? 'no case that asks for it has a field that context_schema requires in its `context`'
    : 'no case that asks for it has a field in its `context`',
  malformed_input: () => 'every payload leaves the input of the cases that ask for it as it is',
  rate_limit: () => 'no case that asks for it expects a tool call (`expect.tools`) that a 429 could meet',
  tool_failure: () => 'no case that asks for it expects a tool call (`expect.tools`) that could fail',
};

/** No payload of any category. */
export function emptyPayloads(): AdversarialPayloads {
  return { prompt_injection: [], missing_context: [], malformed_input: [], rate_limit: [], tool_failure: [] };
}

/**
 * The suite with each base case followed by its variants, its fingerprint recomputed over all
 * of them, and a tally of what each family asked for made. `written` is the suite as written,
 * for the per-case `adversarial` and `adversarial_expect`.
 */
export function expandSuite(input: { suite: Suite; written: WrittenSuite; payloads: AdversarialPayloads; settings: ExpansionSettings }): Suite {
  const { suite, written, payloads, settings } = input;
  const anyAsked = (suite.adversarial?.length ?? 0) > 0 || written.cases.some((c) => (c.adversarial?.length ?? 0) > 0);
  if (!anyAsked) return suite;
  const counts = new Map<AdversarialCategory, number>((suite.adversarial ?? []).map((category) => [category, 0]));
  const asked = new Set<AdversarialCategory>();
  const cases = suite.cases.flatMap((base, i) => {
    const own = written.cases[i]?.id === base.id ? written.cases[i] : undefined;
    const categories = own?.adversarial ?? suite.adversarial ?? [];
    return [base, ...categories.flatMap((category) => {
      asked.add(category);
      // Faults injected into tool calls need agentready's tool host: under exec they would never happen.
      if (!settings.hostsTools && TOOL_HOST_FAMILIES.has(category)) {
        counts.set(category, counts.get(category) ?? 0);
        return [];
      }
      const variants = variantsOf({ base, suite, category, payloads, settings, override: own?.adversarial_expect?.[category] });
      counts.set(category, (counts.get(category) ?? 0) + variants.length);
      return variants;
    })];
  });
  const variants = [...counts].map(([category, count]): VariantTally => {
    if (count > 0) return { category, count };
    if (!settings.hostsTools && TOOL_HOST_FAMILIES.has(category)) return { category, count, none: noToolHostReason(category), withoutToolHost: true };
    return { category, count, none: asked.has(category) ? NONE_BECAUSE[category](suite) : 'every case chooses its own `adversarial:` list, without it' };
  });
  return { ...suite, cases, variants, fingerprint: suiteFingerprint(cases, toolsJson(suite.tools)) };
}

/** A warning for each family a suite asks for that made no variant, at the place it is asked for. */
export function familiesWithoutVariants(input: { suite: Suite; written: WrittenSuite; yaml: YamlFile }): ConfigIssue[] {
  const { suite, written, yaml } = input;
  return (suite.variants ?? []).flatMap(({ category, count, none, withoutToolHost }) => {
    // Under exec, toolHostFamiliesUnderExec has warned at every place it is asked for, with the config's other problems.
    if (count > 0 || withoutToolHost) return [];
    const path = whereAsked(written, category);
    return [issueAtPath({ yaml, path }, {
      path: z.core.toDotPath(path),
      code: 'no_variants',
      message: `${category} made no variant: ${none ?? ''}`,
      expected: `${category} variants of at least one case`,
      found: `none: ${none ?? ''}`,
      severity: 'warning',
    })];
  });
}

/** Where a family is asked for: the suite's `adversarial:` list, else the first case that lists it. */
function whereAsked(written: WrittenSuite, category: AdversarialCategory): PathKey[] {
  const inSuite = written.adversarial?.indexOf(category) ?? -1;
  if (inSuite >= 0) return ['adversarial', inSuite];
  const i = written.cases.findIndex((c) => c.adversarial?.includes(category));
  return i >= 0 ? ['cases', i, 'adversarial', written.cases[i]!.adversarial!.indexOf(category)] : [];
}

/** One base case's variants of one category, numbered from 1, with the case's override applied. */
export function variantsOf(input: {
  base: Case;
  suite: Pick<Suite, 'tools' | 'contextSchema'>;
  category: AdversarialCategory;
  payloads: AdversarialPayloads;
  settings: ExpansionSettings;
  override?: Expectation | undefined;
}): Case[] {
  const { base, suite, category, settings, override } = input;
  const limit = settings.variantsPerCase[category];
  const ctx: CategoryContext<never> = {
    base,
    tools: base.tools ?? suite.tools,
    contextSchema: suite.contextSchema,
    payloads: input.payloads[category] as never[],
    maxInputChars: settings.maxInputChars,
    hostsTools: settings.hostsTools,
    pick: (items) => pickSubset(items, { limit, key: { seed: settings.seed, caseId: base.id, category } }),
  };
  const specs = (EXPANDERS[category] as Expander<AdversarialCategory>)(ctx);
  return specs.map((spec, i) =>
    makeVariant({ base, category, n: i + 1, spec: override ? { ...spec, expect: { ...spec.expect, ...override } } : spec, suiteTools: suite.tools }));
}

/** The expansion settings a config asks for, defaults filled in. */
export function expansionSettings(written: Pick<WrittenConfig, 'run' | 'adversarial'> & Partial<Pick<WrittenConfig, 'target'>>): ExpansionSettings {
  const perCase = written.adversarial?.variants_per_case;
  return {
    seed: written.run?.seed ?? DEFAULT_RUN.seed,
    maxInputChars: written.adversarial?.max_input_chars ?? DEFAULT_ADVERSARIAL.max_input_chars,
    variantsPerCase: typeof perCase === 'number'
      ? Object.fromEntries(ADVERSARIAL_CATEGORIES.map((category) => [category, perCase]))
      : { ...DEFAULT_ADVERSARIAL.variants_per_case, ...perCase },
    hostsTools: hostsTools(written.target),
  };
}

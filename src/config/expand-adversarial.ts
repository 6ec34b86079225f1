/**
 * Adversarial expansion (SPEC §2, §11 "Variants"): base case + payload packs + seed → variants,
 * each with its own expectation. Pure; the packs are loaded by adversarial/load-packs.ts.
 */
import { DEFAULT_ADVERSARIAL, DEFAULT_RUN } from './defaults.js';
import { fingerprint } from './fingerprint.js';
import { malformedInputVariants } from './adversarial/malformed-input.js';
import { missingContextVariants } from './adversarial/missing-context.js';
import { promptInjectionVariants } from './adversarial/prompt-injection.js';
import { pickSubset } from './adversarial/random.js';
import { rateLimitVariants } from './adversarial/rate-limit.js';
import { toolFailureVariants } from './adversarial/tool-failure.js';
import { makeVariant, type CategoryContext, type VariantSpec } from './adversarial/variant.js';
import { ADVERSARIAL_CATEGORIES, type AdversarialCategory, type AdversarialPayloads } from './schema/adversarial.js';
import type { WrittenConfig } from './schema/config.js';
import type { Case, Suite } from './schema/resolved.js';
import type { Expectation, WrittenSuite } from './schema/suite.js';

export interface ExpansionSettings {
  seed: number;
  maxInputChars: number;
  /** Most variants per base case, per category; absent: all. */
  variantsPerCase: Partial<Record<AdversarialCategory, number>>;
}

type Expander<C extends AdversarialCategory> = (ctx: CategoryContext<AdversarialPayloads[C][number]>) => VariantSpec[];

const EXPANDERS: { readonly [C in AdversarialCategory]: Expander<C> } = {
  prompt_injection: promptInjectionVariants,
  missing_context: missingContextVariants,
  malformed_input: malformedInputVariants,
  rate_limit: rateLimitVariants,
  tool_failure: toolFailureVariants,
};

/**
 * The suite with each base case followed by its variants, and its fingerprint recomputed
 * over all of them. `written` is the suite as written, for the per-case `adversarial` and
 * `adversarial_expect`.
 */
export function expandSuite(input: { suite: Suite; written: WrittenSuite; payloads: AdversarialPayloads; settings: ExpansionSettings }): Suite {
  const { suite, written, payloads, settings } = input;
  const anyAsked = (suite.adversarial?.length ?? 0) > 0 || written.cases.some((c) => (c.adversarial?.length ?? 0) > 0);
  if (!anyAsked) return suite;
  const cases = suite.cases.flatMap((base, i) => {
    const own = written.cases[i]?.id === base.id ? written.cases[i] : undefined;
    const categories = own?.adversarial ?? suite.adversarial ?? [];
    return [base, ...categories.flatMap((category) =>
      variantsOf({ base, suite, category, payloads, settings, override: own?.adversarial_expect?.[category] }))];
  });
  return { ...suite, cases, fingerprint: fingerprint({ cases: cases.map((c) => c.fingerprint), tools: suite.tools }) };
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
    pick: (items) => pickSubset(items, limit, { seed: settings.seed, caseId: base.id, category }),
  };
  const specs = (EXPANDERS[category] as Expander<AdversarialCategory>)(ctx);
  return specs.map((spec, i) =>
    makeVariant({ base, category, n: i + 1, spec: override ? { ...spec, expect: { ...spec.expect, ...override } } : spec }));
}

/** The expansion settings a config asks for, defaults filled in. */
export function expansionSettings(written: Pick<WrittenConfig, 'run' | 'adversarial'>): ExpansionSettings {
  const perCase = written.adversarial?.variants_per_case;
  return {
    seed: written.run?.seed ?? DEFAULT_RUN.seed,
    maxInputChars: written.adversarial?.max_input_chars ?? DEFAULT_ADVERSARIAL.max_input_chars,
    variantsPerCase: typeof perCase === 'number'
      ? Object.fromEntries(ADVERSARIAL_CATEGORIES.map((category) => [category, perCase]))
      : { ...DEFAULT_ADVERSARIAL.variants_per_case, ...perCase },
  };
}

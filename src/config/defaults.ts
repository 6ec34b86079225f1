/** Every default of the written config, frozen in one place (SPEC §2, §11 "Default gate"). */
import type { GateConfig } from './schema/gate.js';
import type { RunSettings } from './schema/resolved.js';

export const CONFIG_FILENAMES = Object.freeze(['agentready.config.yaml', 'agentready.config.yml'] as const);
/** The config file's name as `init` writes it and hints name it: the first one the search looks for. */
export const CONFIG_FILE = CONFIG_FILENAMES[0];

export const DEFAULT_RUN: Readonly<RunSettings> = Object.freeze({
  concurrency: 16,
  repeat: 1,
  timeout_ms: 30_000,
  seed: 1,
  workers: 1,
  max_error_rate: 0,
  max_turns: 10,
});

/** Attempts per case (`run.repeat`, `--repeat`): enough for any pass^k; a billion would exhaust memory planning them. */
export const MAX_REPEAT = 1000;

/** Shards of a matrix (`--shard i/n`, n at most this): more machines than any CI matrix runs; `merge` checks every one of the n, so a billion held it for minutes at gigabytes. */
export const MAX_SHARDS = 1000;

export const DEFAULT_SUITES: readonly string[] = Object.freeze(['evals/**/*.suite.yaml']);

export const DEFAULT_BASELINE = 'agentready.baseline.json';

/**
 * With no `gate:` section: no case may newly fail (`newly_failing`, case by case: a fixed case
 * does not pay for a broken one, and a case edited or added since the baseline that fails counts),
 * the success rate may not drop, no policy may break.
 */
export const DEFAULT_GATE: Readonly<GateConfig> = Object.freeze({
  success_rate: Object.freeze({ max_drop_pp: 0 }),
  policy_compliance: Object.freeze({ min: 1.0 }),
  newly_failing: Object.freeze({ max: 0 }),
});

/**
 * The default gate when this run or the baseline repeated its cases: the success rate then counts
 * attempts, and a case failing in the baseline too (a flaky one) that passes fewer of them moves it
 * from run to run while no case changes its verdict. `newly_failing` still judges every case; the
 * rate's drop fails only when the cases moving down are distinguishable from noise.
 */
export const DEFAULT_GATE_UNDER_REPEATS: Readonly<GateConfig> = Object.freeze({
  ...DEFAULT_GATE,
  success_rate: Object.freeze({ max_drop_pp: 0, significance: 0.05 }),
});

/**
 * The default gate with no baseline: nothing to compare with, so every failing case is new and
 * `success_rate: { min: 1.0 }` asks what `newly_failing` would (which needs a baseline, so is left out).
 */
export const DEFAULT_GATE_WITHOUT_BASELINE: Readonly<GateConfig> = Object.freeze({
  success_rate: Object.freeze({ min: 1.0, max_drop_pp: 0 }),
  policy_compliance: Object.freeze({ min: 1.0 }),
});

/** yaml's alias expansion cap: enough for real anchors, far below a billion-laughs file. */
export const MAX_ALIAS_COUNT = 100;

/** Mappings and lists in one YAML file (aliases expanded): far past real files, far below yaml's stack. */
export const MAX_NESTING_DEPTH = 100;

export const DEFAULT_TOOL = Object.freeze({
  tier: 'read' as const,
  description: '',
  parameters: Object.freeze({ type: 'object' }),
});

/** `adversarial:` settings (SPEC §2): oversized inputs go past 20000 characters; 8 injections per case. */
export const DEFAULT_ADVERSARIAL = Object.freeze({
  max_input_chars: 20_000,
  variants_per_case: Object.freeze({ prompt_injection: 8 }),
});

/** The model gateway (`models:`): forward to the providers' public APIs; cassettes next to the config. */
export const DEFAULT_MODELS = Object.freeze({
  mode: 'live' as const,
  upstream: Object.freeze({ openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' }),
  cassettes: 'cassettes',
});

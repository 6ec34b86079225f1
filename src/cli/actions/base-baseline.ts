/** `--base-baseline <file>` of eval and merge: read (lifecycle/base-baseline.ts) where a gate compares with it, else said to be ignored. */
import type { Baseline } from '../../config/schema/baseline.js';
import { readBaseBaseline } from '../../lifecycle/base-baseline.js';
import { writeError } from '../print.js';

/**
 * The base branch's baseline where a gate compares with baselines (`readBaseBaseline`); under
 * `--no-gate` or a kill-switch run (judged by readiness) none does, and the flag, once silently
 * ignored, is said to be on stderr before the run, as an unused `--models` is (default-models.ts).
 */
export async function baseBaselineFor(input: { file: string | undefined; gate: boolean; killSwitch: boolean }): Promise<{ baseline: Baseline | undefined } | undefined> {
  if (input.gate && !input.killSwitch) return readBaseBaseline(input.file);
  if (input.file !== undefined) {
    const why = input.gate ? 'a kill-switch run is judged by its readiness, not against a baseline' : '--no-gate judges no baseline';
    writeError(`agentready: warning: --base-baseline ${input.file} is ignored: ${why}\n`);
  }
  return undefined;
}

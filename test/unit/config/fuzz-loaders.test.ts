// Fuzzing the YAML loaders (config, suite, policy, payload pack): each file's own check with many
// inputs, then loadConfig (every file, cross-file rules, adversarial expansion) as `validate` and
// `eval` call it with fewer. Whatever a file holds, it ends in a value or in located problems.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_PACKS_DIR } from '../../../src/config/adversarial/load-packs.js';
import { loadConfig, validateConfigSource, validatePolicySource, validateSuiteSource } from '../../../src/config/index.js';
import { AdversarialPackSchema } from '../../../src/config/schema/adversarial-packs.js';
import { checkSource } from '../../../src/config/validate.js';
import { hostileText } from '../fuzz/mutate.js';
import { checkedOutcome, FUZZ_SEED, loadOutcome, Tally } from '../fuzz/outcome.js';
import { CONFIG_SEED, HTTP_CONFIG_SEED, PACK_SEEDS, POLICY_SEED, SUITE_SEED } from '../fuzz/seeds.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../fixtures/example');
const example = (file: string) => readFileSync(path.join(EXAMPLE, file), 'utf8');
const shippedPacks = readdirSync(SHIPPED_PACKS_DIR).filter((name) => name.endsWith('.yaml')).map((name) => readFileSync(path.join(SHIPPED_PACKS_DIR, name), 'utf8'));

/** Each loader: the file it reads in the project, valid texts to mutate, and its own check. */
const LOADERS = [
  {
    loader: 'config',
    file: 'agentready.config.yaml',
    seeds: [CONFIG_SEED, HTTP_CONFIG_SEED, example('agentready.config.yaml').replace('evals/**/', 'evals/')],
    check: (text: string) => validateConfigSource({ source: text, file: 'agentready.config.yaml', env: { MODE: 'fuzz' } }),
  },
  {
    loader: 'suite',
    file: 'evals/orders.suite.yaml',
    seeds: [SUITE_SEED],
    check: (text: string) => validateSuiteSource(text, 'evals/orders.suite.yaml'),
  },
  { loader: 'policy', file: 'policy.yaml', seeds: [POLICY_SEED, example('policy.yaml')], check: (text: string) => validatePolicySource(text, 'policy.yaml') },
  {
    loader: 'payload pack',
    file: 'packs/user.yaml',
    seeds: [...PACK_SEEDS, ...shippedPacks.map((text) => text.replace(/id: /g, 'id: user-'))],
    check: (text: string) => {
      const checked = checkSource({ source: text, file: 'packs/user.yaml', schema: AdversarialPackSchema });
      return { ok: checked.value !== undefined, issues: checked.issues };
    },
  },
] as const;

/**
 * Runs per loader: its own check takes milliseconds, loadConfig tens of them. The fixed seed makes
 * each a regression run over the same inputs: 120 and 20 (`vitest run` of this file: 7.9 s of CPU,
 * vitest's start included) where 250 and 40 took 10.9 s; FUZZ_LOADER_RUNS=<own check runs> fuzzes
 * deeper (loadConfig gets a sixth of them).
 */
const CHECK_RUNS = Number(process.env.FUZZ_LOADER_RUNS ?? 120);
const LOAD_RUNS = Math.max(1, Math.round(CHECK_RUNS / 6));

const root = mkdtempSync(path.join(tmpdir(), 'agentready-fuzz-'));
const tally = new Tally();
afterAll(() => {
  tally.print();
  rmSync(root, { recursive: true, force: true });
});

/** A valid project with every file from the seeds; the loader under test then rewrites its own. */
function project(name: string): string {
  const dir = path.join(root, name.replace(/\W/g, '-'));
  const files = { 'agentready.config.yaml': CONFIG_SEED, 'evals/orders.suite.yaml': SUITE_SEED, 'policy.yaml': POLICY_SEED, 'packs/user.yaml': PACK_SEEDS[0]! };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('fuzzing the YAML loaders', () => {
  it('the valid project the fuzzing starts from loads', async () => {
    const config = await loadConfig({ names: namesRedactionChanges, cwd: project('valid'), env: {} });
    expect(config.suites[0]!.cases.length).toBeGreaterThan(10);
  });

  it.each(LOADERS)('$loader alone: any text ends in a value or in located problems, within seconds', ({ loader, seeds, check }) => {
    fc.assert(
      fc.property(hostileText(seeds, 'yaml'), (text) => {
        tally.add(`${loader} (own check)`, checkedOutcome(() => check(text)));
      }),
      { seed: FUZZ_SEED, numRuns: CHECK_RUNS },
    );
  });

  it.each(LOADERS)('$loader in a project: loadConfig ends in a config or in located problems, within seconds', async ({ loader, file, seeds }) => {
    const dir = project(loader);
    await fc.assert(
      fc.asyncProperty(hostileText(seeds, 'yaml'), async (text) => {
        writeFileSync(path.join(dir, file), text);
        tally.add(`${loader} (loadConfig)`, await loadOutcome(() => loadConfig({ names: namesRedactionChanges, cwd: dir, env: { MODE: 'fuzz' } })));
      }),
      { seed: FUZZ_SEED + 1, numRuns: LOAD_RUNS },
    );
  });
});

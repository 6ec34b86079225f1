/** The fingerprints a run's results header records: of the suites as written, and of the policy rules. Pure. */
import { createHash } from 'node:crypto';
import type { ResolvedConfig, Suite } from '../config/schema/index.js';
import { fingerprint, unredacted } from '../config/fingerprint.js';

/**
 * Hash of every suite as written, so results and baselines can tell a changed suite. The suites
 * are hashed in English collation order whatever the machine's locale (its default collation put
 * `aa` after `z` under LANG=da_DK, so a baseline's fingerprint, `--resume` and `merge` differed by
 * machine); English is what the default locale gave on CI machines, so fingerprints already
 * committed stay as they were. Names that collate alike fall back to their code units.
 */
export function suitesFingerprint(suites: readonly Suite[]): string {
  const hash = createHash('sha256');
  const byName = (a: Suite, b: Suite): number => a.name.localeCompare(b.name, 'en') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const suite of [...suites].sort(byName)) hash.update(`${suite.name}:${suite.fingerprint}\n`);
  return unredacted(hash.digest('hex').slice(0, 16));
}

/** Hash of the policy rules a run judges by (its results header's `policy_fingerprint`): `score` carries an eval's policy verdict only under the same rules. */
export function policyFingerprint(policy: Pick<ResolvedConfig['policy'], 'rules'>): string {
  return fingerprint(policy.rules);
}

/**
 * A baseline written before adversarial variants stopped hashing their base case's fingerprint
 * holds each variant under its older fingerprint. Such a record whose fingerprint is the variant's
 * prior one (Case.priorFingerprint) is of this same variant unchanged, since the older hash covered
 * everything the newer one does: it takes the newer fingerprint, so an upgrade alone changes no
 * case. Pure; a baseline with nothing to adopt is returned as it is.
 */
import type { Baseline } from '../config/schema/baseline.js';
import type { Case } from '../config/schema/resolved.js';

export function adoptPriorFingerprints(baseline: Baseline, cases: Iterable<Pick<Case, 'suite' | 'id' | 'fingerprint' | 'priorFingerprint'>>): Baseline {
  let adopted: Baseline['cases'] | undefined;
  for (const kase of cases) {
    if (kase.priorFingerprint === undefined) continue;
    const key = `${kase.suite}/${kase.id}`;
    const record = baseline.cases[key];
    if (record === undefined || record.fingerprint !== kase.priorFingerprint) continue;
    adopted ??= { ...baseline.cases };
    adopted[key] = { ...record, fingerprint: kase.fingerprint };
  }
  return adopted ? { ...baseline, cases: adopted } : baseline;
}

// Quarantine: the case schema, the resolved case, and the warning once the date has passed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isQuarantined, loadConfig, utcDay } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(suite: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-quarantine-'));
  dirs.push(root);
  writeFileSync(path.join(root, 'agentready.config.yaml'), 'target:\n  adapter: stdio\n  command: [node, agent.js]\nsuites: [s.suite.yaml]\nadversarial: { variants_per_case: 1 }\n');
  writeFileSync(path.join(root, 'agent.js'), '');
  writeFileSync(path.join(root, 's.suite.yaml'), suite);
  return root;
}

const SUITE = (quarantine: string) => `suite: s
adversarial: [prompt_injection]
tools: [{ name: lookup_order }]
cases:
  - id: flaky
    input: hi
${quarantine}
    expect: { outcome: completed }
  - id: steady
    input: hi
    expect: { outcome: completed }
`;
const Q = '    quarantine: { until: 2026-03-31, reason: "flaky upstream mock, see #12" }';

describe('quarantine', () => {
  it('resolves onto the case without changing its fingerprint', async () => {
    const quarantined = await loadConfig({ names: namesRedactionChanges, cwd: project(SUITE(Q)), env: {}, today: '2026-03-01' });
    const plain = await loadConfig({ names: namesRedactionChanges, cwd: project(SUITE('')), env: {}, today: '2026-03-01' });
    const [flaky] = quarantined.suites[0]!.cases;
    expect(flaky!.quarantine).toEqual({ until: '2026-03-31', reason: 'flaky upstream mock, see #12' });
    expect(flaky!.fingerprint).toBe(plain.suites[0]!.cases[0]!.fingerprint);
    expect(quarantined.warnings).toEqual([]);
    const variants = quarantined.suites[0]!.cases.filter((c) => c.adversarial?.base_case === 'flaky');
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants) expect(variant.quarantine).toEqual(flaky!.quarantine);
    expect(quarantined.suites[0]!.cases.find((c) => c.id === 'steady')!.quarantine).toBeUndefined();
  });

  it('holds up to and including its until day', () => {
    const kase = { quarantine: { until: '2026-03-31', reason: 'r' } };
    expect(isQuarantined(kase, '2026-03-30')).toBe(true);
    expect(isQuarantined(kase, '2026-03-31')).toBe(true);
    expect(isQuarantined(kase, '2026-04-01')).toBe(false);
    expect(isQuarantined({}, '2026-03-01')).toBe(false);
    expect(utcDay(new Date('2026-03-31T23:59:59Z'))).toBe('2026-03-31');
  });

  it('warns at the until date once it has passed', async () => {
    const config = await loadConfig({ names: namesRedactionChanges, cwd: project(SUITE(Q)), env: {}, today: '2026-04-01' });
    expect(config.warnings).toMatchObject([
      {
        file: 's.suite.yaml',
        line: 7,
        column: 26,
        path: 'cases[0].quarantine.until',
        code: 'quarantine_expired',
        message: 'the quarantine of case flaky ended on 2026-03-31: the case counts in the gate again (set a date from 2026-04-01 on, or remove the quarantine once the case is fixed)',
        found: '"2026-03-31"',
        severity: 'warning',
      },
    ]);
  });

  it('refuses a date that is not YYYY-MM-DD and a quarantine without a reason', async () => {
    const error = await loadConfig({ names: namesRedactionChanges, cwd: project(SUITE('    quarantine: { until: 31/03/2026 }')), env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => [i.path, i.message])).toEqual([
      ['cases[0].quarantine.reason', 'missing required key "reason"'],
      ['cases[0].quarantine.until', 'a calendar date as YYYY-MM-DD (2027-01-31)'],
    ]);
  });

  it('refuses a day the month does not have, saying a calendar date is wanted: "a date as YYYY-MM-DD" read as met by 2027-02-30', async () => {
    const error = await loadConfig({ names: namesRedactionChanges, cwd: project(SUITE('    quarantine: { until: 2027-02-30, reason: flaky }')), env: {} }).catch((e: unknown) => e);
    expect((error as ConfigError).issues.map((i) => [i.path, i.expected, i.found])).toEqual([
      ['cases[0].quarantine.until', 'a calendar date as YYYY-MM-DD (2027-01-31)', '"2027-02-30"'],
    ]);
  });
});

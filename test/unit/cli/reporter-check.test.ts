// `--reporter` and `--otlp` destinations are checked against the disk once, before anything runs
// (exit 2); the reporters made later from that check do not look at the disk again.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReporters } from '../../../src/cli/actions/reporter-check.js';
import { createCheckedReporters } from '../../../src/cli/actions/run-command.js';
import { UsageError } from '../../../src/errors.js';

describe('checkReporters', () => {
  it('refuses a destination that cannot be written, at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-check-'));
    writeFileSync(join(dir, 'blocker'), 'a file where a folder would be made\n');
    expect(() => checkReporters([`json:${join(dir, 'out', 'r.json')}`], { otlp: join(dir, 'blocker', 'traces.json') })).toThrow(UsageError);
    expect(() => checkReporters([`junit:${join(dir, 'blocker', 'junit.xml')}`])).toThrow(/cannot write/);
  });

  it('makes the reporters it checked without a second look at the disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-check-'));
    const checked = checkReporters([`json:${join(dir, 'out', 'r.json')}`], { otlp: join(dir, 'out', 'traces.json') });
    // The disk changes after the check: only the end of the run can tell (the hub reports it).
    writeFileSync(join(dir, 'out'), 'now a file\n');
    const reporters = createCheckedReporters(checked);
    expect(reporters.map((reporter) => reporter.label)).toContainEqual({ name: 'json', path: join(dir, 'out', 'r.json') });
  });
});

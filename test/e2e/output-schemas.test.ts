// Every file a run writes validates, line by line, against the JSON Schema schemas/ publishes for
// it (SPEC §2, §8): a user's or a CI job's own validator reads results.jsonl's header line too,
// and policy-decisions.jsonl has a schema of its own. So do the files made for scripts: the json
// reporter's, `card --format json`'s and the weekly review's (`report --reporter json`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { latestRunDir, makeExampleProject, REPO, runCli } from './helpers/run-cli.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(REPO, 'schemas', name), 'utf8')) as object);

/** Each line (or the whole file) that its schema refuses: `file:line` and ajv's first complaint. */
function refused(path: string, name: string, { lines }: { lines: boolean }): string[] {
  const validate = schema(name);
  const text = readFileSync(path, 'utf8');
  const values = lines ? text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown) : [JSON.parse(text) as unknown];
  return values.flatMap((value, i) => (validate(value) ? [] : [`${path}:${i + 1} ${JSON.stringify(validate.errors?.[0])}`]));
}

describe('the run folder against schemas/', () => {
  it('results.jsonl (its header line too), traces.jsonl, policy-decisions.jsonl, summary.json, the history, the json report, the card\'s JSON and the weekly review\'s validate', async () => {
    const dir = makeExampleProject();
    const result = await runCli(dir, ['eval', '--reporter', 'json:out/report.json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const run = latestRunDir(dir);
    const results = readFileSync(join(run, 'results.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(JSON.parse(results[0]!)).toMatchObject({ format: 'agentready-results' });
    const decisions = readFileSync(join(run, 'policy-decisions.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { outcome: string });
    expect(new Set(decisions.map((d) => d.outcome))).toEqual(new Set(['allow', 'deny']));
    expect([
      ...refused(join(run, 'results.jsonl'), 'results.json', { lines: true }),
      ...refused(join(run, 'traces.jsonl'), 'trace.json', { lines: true }),
      ...refused(join(run, 'policy-decisions.jsonl'), 'policy-decision.json', { lines: true }),
      ...refused(join(run, 'summary.json'), 'summary.json', { lines: false }),
      ...refused(join(dir, '.agentready/history.jsonl'), 'history.json', { lines: true }),
      ...refused(join(dir, 'out/report.json'), 'report.json', { lines: false }),
    ]).toEqual([]);

    const card = await runCli(dir, ['card', '--format', 'json']);
    expect(card.exitCode, card.stderr).toBe(0);
    const printed = JSON.parse(card.stdout) as { last_run: { attempts: number } | null; checklist: unknown[] };
    expect(printed.last_run?.attempts).toBeGreaterThan(0);
    expect(printed.checklist).toHaveLength(7);
    const validCard = schema('card.json');
    expect(validCard(printed), JSON.stringify(validCard.errors?.[0])).toBe(true);
    // It describes the card, not any object: a key it does not know is refused.
    expect(validCard({ ...printed, extra: 1 })).toBe(false);

    const review = await runCli(dir, ['report', '--reporter', 'json:out/weekly.json']);
    expect(review.exitCode, review.stderr).toBe(0);
    const weekly = JSON.parse(readFileSync(join(dir, 'out/weekly.json'), 'utf8')) as { format: string; window: { attempts: number }; metrics: unknown[] };
    expect(weekly.format).toBe('agentready-weekly');
    expect(weekly.window.attempts).toBeGreaterThan(0);
    expect(weekly.metrics.length).toBeGreaterThan(0);
    expect(refused(join(dir, 'out/weekly.json'), 'weekly.json', { lines: false })).toEqual([]);
    expect(schema('weekly.json')({ ...weekly, extra: 1 })).toBe(false);
  });
});

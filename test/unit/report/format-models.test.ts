// Calls, tokens and cost per model as the terminal, the reports and the card show them.
import { describe, expect, it } from 'vitest';
import type { ModelShare, ModelUsageBySlice } from '../../../src/config/schema/index.js';
import { formatModelMix, formatModelTable, formatTokens, modelRows, unpricedWarnings } from '../../../src/report/format-models.js';
import { modelShares } from '../../../src/gate/models.js';
import { formatHtml } from '../../../src/report/html/index.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { PLAIN_SCREEN } from '../../../src/report/screen.js';
import { TerminalReporter } from '../../../src/report/terminal.js';
import { caseResult, runSummary } from './fixtures.js';

const share = (model: string, calls: number, callShare: number, cost: number, costShare: number | null): ModelShare => ({
  model, calls, call_share: callShare, input_tokens: calls * 1200, output_tokens: calls * 300, cost_usd: cost, cost_share: costShare,
});
const usage: ModelUsageBySlice = {
  overall: [share('gpt-small', 8, 0.8, 0.002, 0.2), share('gpt-large', 2, 0.2, 0.008, 0.8)],
  slices: {
    'suite:support': [share('gpt-small', 8, 0.8, 0.002, 0.2), share('gpt-large', 2, 0.2, 0.008, 0.8)],
    'tag:easy': [share('gpt-small', 6, 1, 0.0015, 1)],
    'tag:hard': [share('gpt-large', 2, 0.5, 0.008, 0.94), share('gpt-small', 2, 0.5, 0.0005, 0.06)],
  },
};

describe('formatModelTable', () => {
  it('shows the run\'s mix, then only the slices whose mix differs', () => {
    expect(formatModelTable(PLAIN_SCREEN, usage)).toMatchInlineSnapshot(`
      "model          calls tokens in/out        $ total
      overall
        gpt-small  8 (80%)     9.6k/2.4k  $0.0020 (20%)
        gpt-large  2 (20%)      2.4k/600  $0.0080 (80%)
      tag:easy
        gpt-small 6 (100%)     7.2k/1.8k $0.0015 (100%)
      tag:hard
        gpt-large  2 (50%)      2.4k/600  $0.0080 (94%)
        gpt-small  2 (50%)      2.4k/600   $0.0005 (6%)"
    `);
  });

  it('lists ten models per slice and counts the rest: the ids are the agent\'s to report, as many as it likes', () => {
    const many = Array.from({ length: 3000 }, (_, i) => share(`model-${i}`, 1, 1 / 3000, 0, null));
    const lines = formatModelTable(PLAIN_SCREEN, { overall: many, slices: {} }).split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[11]).toMatch(/^ {2}model-9 /);
    expect(lines[12]).toBe('  (+2990 more models in the reports)');
  });

  it('cuts a long model id to 48 characters in the terminal: a 200-character id made every row 260 columns wide', () => {
    const long = `\u001b]0;PWN\u0007${'y'.repeat(195)}`;
    const lines = formatModelTable(PLAIN_SCREEN, { overall: [share(long, 1, 1, 0, null)], slices: {} }).split('\n');
    expect(lines[2]).toMatch(/^ {2}\\x1b\]0;PWN\\x07y+… 1 \(100%\)/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(90);
  });

  it('prints nothing for a run without model calls', () => {
    expect(formatModelTable(PLAIN_SCREEN, { overall: [], slices: {} })).toBe('');
  });

  it('names how many differing slices it left for the reports', () => {
    const slices = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`tag:t${i}`, [share('gpt-large', 1, 1, 0.004, 1)]]));
    expect(formatModelTable(PLAIN_SCREEN, { overall: usage.overall, slices }).split('\n').at(-1)).toBe('(+3 more slices in the reports)');
  });
});

describe('model rows, mix and units', () => {
  it('lists every slice for the reports, overall first', () => {
    expect(modelRows(usage).map((r) => `${r.slice} ${r.model}`)).toEqual([
      'overall gpt-small', 'overall gpt-large', 'suite:support gpt-small', 'suite:support gpt-large', 'tag:easy gpt-small', 'tag:hard gpt-large', 'tag:hard gpt-small',
    ]);
  });

  it('says the mix in one line', () => {
    expect(formatModelMix(usage.overall)).toBe('gpt-small 80% of calls, 20% of cost · gpt-large 20% of calls, 80% of cost');
    expect(formatModelMix([share('m', 1, 1, 0, null)])).toBe('m 100% of calls');
  });

  it('abbreviates tokens', () => {
    expect([formatTokens(950), formatTokens(12_345), formatTokens(4_100_000)]).toEqual(['950', '12.3k', '4.1M']);
  });

  it('steps to the next unit where a count rounds to 1000 of one, up to billions', () => {
    const shown = [999, 1000, 999_949, 999_950, 999_999, 1_000_000, 999_949_999, 999_950_000, 1_000_000_000, 1_234_567_890, 5_000_000_000_000].map(formatTokens);
    expect(shown).toEqual(['999', '1k', '999.9k', '1M', '1M', '1M', '999.9M', '1B', '1B', '1.2B', '5000B']);
  });
});

describe('models in every output', () => {
  const results = [caseResult({ models: { 'gpt-small': { calls: 3, input_tokens: 300, output_tokens: 30, cost_usd: 0.003 } } })];
  const summary = runSummary(results, { models: usage });

  it('the markdown report has a models table, overall first', () => {
    const text = formatMarkdown(summary, undefined);
    expect(text).toContain('### Models');
    expect(text).toContain('| overall | gpt-small | 8 | 80% | 9600 | 2400 | $0.0020 | 20% |');
    expect(text).toContain('| tag:hard | gpt-large | 2 | 50% | 2400 | 600 | $0.0080 | 94% |');
    expect(formatMarkdown(runSummary(results), undefined)).not.toContain('### Models');
  });

  it('the HTML report has a models table, escaped', () => {
    const page = formatHtml({ summary: runSummary(results, { models: { overall: [share('<b>m</b>', 1, 1, 0, null)], slices: {} } }), verdict: undefined, traces: new Map() });
    expect(page).toContain('<table id="models">');
    expect(page).toContain('&lt;b&gt;m&lt;/b&gt;');
    expect(formatHtml({ summary: runSummary(results), verdict: undefined, traces: new Map() })).not.toContain('id="models"');
  });

  it('the terminal prints the table after the metrics', () => {
    let out = '';
    const reporter = new TerminalReporter({ screen: PLAIN_SCREEN, write: (text) => void (out += text), writeErr: () => undefined, cwd: '/repo' });
    reporter.onRunEnd(summary, undefined);
    expect(out.indexOf('gpt-small  8 (80%)')).toBeGreaterThan(out.indexOf('overall '));
  });

  it('the card gives the last run\'s mix from its results', () => {
    expect(modelShares(results)).toEqual([{ model: 'gpt-small', calls: 3, input_tokens: 300, output_tokens: 30, cost_usd: 0.003, call_share: 1, cost_share: 1 }]);
  });
});

describe('unpricedWarnings', () => {
  it('names ten unpriced models, one warning each, and counts the rest in one line', () => {
    const warnings = unpricedWarnings(new Set(Array.from({ length: 3000 }, (_, i) => `model-${i}`)));
    expect(warnings).toHaveLength(11);
    expect(warnings[0]).toMatch(/^model "model-0" has no price under `pricing:`/);
    expect(warnings[10]).toBe('2990 more models with no price under `pricing:` and no cost_usd reported: their calls were counted as $0 (summary.json\'s `models` names each)');
    expect(unpricedWarnings(new Set(['m']))).toHaveLength(1);
  });
});

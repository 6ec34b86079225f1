import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { JsonReporter } from '../../../src/report/json.js';
import { JunitReporter } from '../../../src/report/junit.js';
import { MarkdownReporter } from '../../../src/report/markdown.js';
import { HtmlReporter } from '../../../src/report/html/index.js';
import { GithubReporter } from '../../../src/report/github.js';
import { createReporters } from '../../../src/report/registry.js';
import type { CaseEnd } from '../../../src/report/reporter.js';
import { parseSpec } from '../../../src/report/specs.js';
import { TerminalReporter } from '../../../src/report/terminal.js';
import { failedResult, runSummary } from './fixtures.js';

const stream = { write: () => true };
const context = { cwd: '/repo', stdout: stream, stderr: stream, env: {} };

describe('createReporters', () => {
  it('puts a terminal reporter first and resolves default paths against cwd', () => {
    const reporters = createReporters(['json', 'junit'], context);
    expect(reporters.map((r) => r.constructor.name)).toEqual(['TerminalReporter', 'JsonReporter', 'JunitReporter']);
    expect((reporters[1] as JsonReporter).path).toBe('/repo/agentready-report.json');
    expect((reporters[2] as JunitReporter).path).toBe('/repo/agentready-junit.xml');
  });

  it('takes name:path, and adds no second terminal reporter', () => {
    const reporters = createReporters(['junit:out/junit.xml', 'terminal', 'json:/abs/r.json'], context);
    expect(reporters.map((r) => r.constructor.name)).toEqual(['JunitReporter', 'TerminalReporter', 'JsonReporter']);
    expect((reporters[0] as JunitReporter).path).toBe('/repo/out/junit.xml');
    expect((reporters[2] as JsonReporter).path).toBe('/abs/r.json');
    expect(reporters[1]).toBeInstanceOf(TerminalReporter);
  });

  it('under GITHUB_ACTIONS=true adds the github reporter and appends markdown to $GITHUB_STEP_SUMMARY', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/runner/step-summary.md' };
    const reporters = createReporters(['json'], { ...context, env });
    expect(reporters.map((r) => r.constructor.name)).toEqual(['TerminalReporter', 'JsonReporter', 'GithubReporter', 'MarkdownReporter']);
    expect((reporters[3] as MarkdownReporter).options).toEqual({ path: '/runner/step-summary.md', append: true });
    expect(createReporters(['github'], { ...context, env: { GITHUB_ACTIONS: 'true' } }).map((r) => r.constructor.name)).toEqual([
      'TerminalReporter',
      'GithubReporter',
    ]);
    expect(createReporters([], { ...context, env: { GITHUB_ACTIONS: 'false', GITHUB_STEP_SUMMARY: '/x.md' } })).toHaveLength(1);
    const named = createReporters(['markdown:/runner/step-summary.md'], { ...context, env });
    expect(named.filter((r) => r instanceof MarkdownReporter)).toHaveLength(1); // not written twice
  });

  it('adds nothing for a shard under GITHUB_ACTIONS=true (merge annotates once for all), but keeps a github reporter it names', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/runner/step-summary.md' };
    expect(createReporters(['json'], { ...context, env, shard: true }).map((r) => r.constructor.name)).toEqual(['TerminalReporter', 'JsonReporter']);
    expect(createReporters(['github'], { ...context, env, shard: true }).map((r) => r.constructor.name)).toEqual(['TerminalReporter', 'GithubReporter']);
  });

  it('annotates suite files by their path from $GITHUB_WORKSPACE, where GitHub places annotations, when eval runs in a subfolder', () => {
    const out: string[] = [];
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/repo' };
    const reporters = createReporters([], { cwd: '/repo/agents/support', stdout: { write: (text: string) => out.push(text) }, stderr: stream, env });
    const github = reporters.find((r) => r instanceof GithubReporter)!;
    const result = failedResult();
    github.onCaseEnd!({ kind: 'ran', result, trace: {}, location: { file: '/repo/agents/support/evals/s.suite.yaml', line: 3, column: 7 } } as unknown as CaseEnd);
    github.onRunEnd!(runSummary([result]), undefined);
    expect(out.join('')).toMatch(/^::error file=agents\/support\/evals\/s\.suite\.yaml,line=3,col=7,/);
    // A suite path as eval shows it, from the folder it runs in, the same.
    out.length = 0;
    github.onCaseEnd!({ kind: 'ran', result, trace: {}, location: { file: 'evals/s.suite.yaml', line: 3, column: 7 } } as unknown as CaseEnd);
    github.onRunEnd!(runSummary([result]), undefined);
    expect(out.join('')).toMatch(/^::error file=agents\/support\/evals\/s\.suite\.yaml,line=3,col=7,/);
  });

  it('resolves markdown and html default paths, and refuses a path for github', () => {
    const reporters = createReporters(['markdown', 'html:out/r.html'], context);
    expect((reporters[1] as MarkdownReporter).path).toBe('/repo/agentready-summary.md');
    expect((reporters[2] as HtmlReporter).path).toBe('/repo/out/r.html');
    expect(() => createReporters(['github:x'], context)).toThrow('reporter "github" takes no path');
  });

  it('gives a terminal reporter with no specs', () => {
    expect(createReporters([], context).map((r) => r.printsToStdio?.())).toEqual([true]);
  });
});

describe('parseSpec', () => {
  it('rejects an unknown name, listing the known ones', () => {
    let error: unknown;
    try {
      parseSpec('xml:out.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('unknown reporter "xml"');
    expect((error as UsageError).hint).toBe('known reporters: terminal, json, junit, markdown, github, html');
  });

  it('names the reporter a typo was meant to be, a swapped pair of letters included', () => {
    expect(() => parseSpec('jnuit:j.xml')).toThrow(expect.objectContaining({ message: 'unknown reporter "jnuit" (did you mean junit?)', hint: 'known reporters: terminal, json, junit, markdown, github, html' }));
    expect(() => parseSpec('markdwon')).toThrow('unknown reporter "markdwon" (did you mean markdown?)');
  });

  it("answers vitest's and Playwright's blob reporter (a shard's output for merge-reports) with merge, which joins shards' run folders", () => {
    expect(() => parseSpec('blob')).toThrow(
      expect.objectContaining({
        message: 'unknown reporter "blob"',
        hint: "a shard's run folder is what `agentready merge <run>...` joins: no reporter is needed for it (known reporters: terminal, json, junit, markdown, github, html)",
      }),
    );
  });

  it("answers vitest's and Playwright's reporter names with the one that does their job here: github-actions is github, verbose, dot, list and line are terminal", () => {
    expect(() => parseSpec('github-actions')).toThrow(
      expect.objectContaining({
        message: 'unknown reporter "github-actions" (did you mean github?)',
        hint: "vitest's github-actions reporter is github here: failing cases annotated on the diff, on by itself when GITHUB_ACTIONS=true (known reporters: terminal, json, junit, markdown, github, html)",
      }),
    );
    for (const name of ['default', 'verbose', 'dot', 'list', 'line']) {
      expect(() => parseSpec(name)).toThrow(expect.objectContaining({ message: `unknown reporter "${name}" (did you mean terminal?)`, hint: expect.stringContaining("console reporters are terminal here") }));
    }
  });

  it('rejects an empty path and a path for the terminal', () => {
    expect(() => parseSpec('json:')).toThrow('reporter "json" needs a path after the colon');
    // The example names a file of the reporter's kind, and the hint the reporter's own default.
    expect(() => parseSpec('html:')).toThrow(expect.objectContaining({ message: 'reporter "html" needs a path after the colon, as in html:out/agentready-report.html', hint: 'or give --reporter html alone: it writes agentready-report.html in the current folder' }));
    expect(() => createReporters(['terminal:x'], context)).toThrow(UsageError);
  });

  it('splits at the first colon only', () => {
    expect(parseSpec('junit:C:\\ci\\junit.xml')).toEqual({ name: 'junit', path: 'C:\\ci\\junit.xml' });
  });

  it('tells a name=path spelling how to write it, and a path for a printing reporter why not', () => {
    expect(() => parseSpec('junit=out/x.xml')).toThrow(expect.objectContaining({ message: 'unknown reporter "junit=out/x.xml"', hint: "a reporter's path follows a colon: --reporter junit:out/x.xml" }));
    expect(() => parseSpec('github:x')).toThrow('reporter "github" takes no path (got "github:x"); it prints workflow commands');
  });
});

describe('labels', () => {
  it('name each reporter as the user did, with the file as given or its default', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/runner/step-summary.md' };
    expect(createReporters(['junit:out/j.xml', 'json'], { ...context, env }).map((r) => r.label)).toEqual([
      { name: 'terminal' },
      { name: 'junit', path: 'out/j.xml' },
      { name: 'json', path: 'agentready-report.json' },
      { name: 'github' },
      { name: 'markdown', path: '$GITHUB_STEP_SUMMARY' },
    ]);
  });
});

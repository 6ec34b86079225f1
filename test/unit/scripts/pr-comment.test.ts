// The pull request comment scripts/pr-comment.mjs writes: a summary past GitHub's limit is cut
// where markdown and UTF-16 survive it, and the comment says so and where the whole report is.
import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, commentBody, markerFor, upsertComment, withCause } from '../../../scripts/pr-comment.mjs';

const marker = markerFor('');
const runUrl = 'https://github.com/o/r/actions/runs/1';

describe('the comment body', () => {
  it('keeps a summary that fits whole', () => {
    expect(commentBody({ marker, summary: '## ✅ agentready: gate passed\n', exitCode: '0' })).toBe(`${marker}\n## ✅ agentready: gate passed\n`);
  });

  it('without a summary, names no command (eval, or merge in the workflow init writes) and sends the reader to the annotations and the log', () => {
    expect(commentBody({ marker, exitCode: '3' })).toBe(
      `${marker}\n❌ agentready exited 3 before writing its summary (exit 2: bad input, 3: the run could not be completed): the job's annotations and log say why.\n`,
    );
  });

  it('exit 0 without a summary is no failure: the comment says the summary was not found where --summary said, not that agentready failed', () => {
    expect(commentBody({ marker, exitCode: '0' })).toBe(
      `${marker}\n⚠️ agentready passed (exit 0), but no summary was found at the path given to --summary: the job's log has the run.\n`,
    );
  });

  it("without an exit code (the step that runs agentready never ran: a download before it failed, say; the workflow passes '') says agentready did not run, not that it exited with nothing", () => {
    for (const exitCode of ['', undefined]) {
      expect(commentBody({ marker, ...(exitCode === undefined ? {} : { exitCode }) })).toBe(
        `${marker}\n❌ agentready did not run (no exit code): the job's log says which step failed before it.\n`,
      );
    }
  });

  it('cuts an over-long summary after a whole line: no table row is split, no surrogate pair is halved', () => {
    // Rows of a markdown table, each with an astral character (two UTF-16 units) at its end.
    const rows = Array.from({ length: 5000 }, (_, i) => `| case-${i} | failed | 😀 |`);
    const summary = `| case | status | mood |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
    const body: string = commentBody({ marker, summary, exitCode: '1', runUrl });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const [kept, note] = body.split('\n\n…');
    const lastRow = kept!.split('\n').at(-1)!;
    expect(lastRow).toMatch(/^\| case-\d+ \| failed \| 😀 \|$/);
    // The note says how much was left out and where the whole report is.
    const shown = kept!.split('\n').filter((line) => line.startsWith('| case-')).length;
    expect(note).toContain(`${rows.length - shown} more lines`);
    expect(note).toMatch(/step summary/);
    expect(body).toContain(runUrl);
  });

  it('after a failed gate, tells how to run a failing case again from the artifact; not after a passing one', () => {
    const failed: string = commentBody({ marker, summary: '## ❌ agentready: gate FAILED\n', exitCode: '1', runUrl });
    expect(failed).toContain(`[The workflow run](${runUrl}) holds the run folder as an artifact: downloaded into your checkout, \`agentready replay <trace id>\` runs a failing case again`);
    expect(failed).toContain('“A red gate, on your machine”');
    const passed: string = commentBody({ marker, summary: '## ✅ agentready: gate passed\n', exitCode: '0', runUrl });
    expect(passed).toBe(`${marker}\n## ✅ agentready: gate passed\n\n[The workflow run](${runUrl}) holds the run folder as an artifact.\n`);
  });

  it('never halves a surrogate pair, even in one line too long to fit whole', () => {
    const summary = `x${'😀'.repeat(MAX_BODY_CHARS)}`; // odd: a pair straddles every even cut
    const body: string = commentBody({ marker, summary, exitCode: '1' });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(body).toMatch(/cut to fit/);
  });
});

describe('why fetch failed', () => {
  /** What Node 20's fetch rejects with when every address of a host (IPv6 and IPv4) refuses: an AggregateError with an empty message. */
  const refusedEverywhere = (errors: Error[]): TypeError => {
    const cause = Object.assign(new AggregateError(errors, ''), { code: 'ECONNREFUSED' });
    return new TypeError('fetch failed', { cause });
  };
  const refused = (address: string): Error => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });

  it("says the cause's message", () => {
    expect(withCause(new TypeError('fetch failed', { cause: refused('127.0.0.1:443') }))).toBe('fetch failed (connect ECONNREFUSED 127.0.0.1:443)');
  });

  it("says an AggregateError's errors when its own message is empty, else its code", () => {
    expect(withCause(refusedEverywhere([refused('::1:443'), refused('127.0.0.1:443')]))).toBe('fetch failed (connect ECONNREFUSED ::1:443; connect ECONNREFUSED 127.0.0.1:443)');
    expect(withCause(refusedEverywhere([Object.assign(new Error(''), { code: 'ETIMEDOUT' }), Object.assign(new Error(''), { code: 'ETIMEDOUT' })]))).toBe('fetch failed (ETIMEDOUT)');
    expect(withCause(refusedEverywhere([]))).toBe('fetch failed (ECONNREFUSED)');
  });
});

describe('an API that answers no JSON', () => {
  it('is a refusal the script warns of (GITHUB_API_URL naming the site, not its API), not a crash with a stack', async () => {
    const page = (text: string) => ({ base: 'https://github.example', request: () => Promise.resolve(new Response(text, { status: 200, headers: { 'content-type': 'text/html' } })) });
    const upsert = (text: string) => upsertComment({ api: page(text), repository: 'o/r', number: 5, marker, body: 'x' });
    await expect(upsert('<!doctype html><title>GitHub</title>')).rejects.toThrow('/repos/o/r/issues/5/comments answered HTTP 200 with no JSON (is GITHUB_API_URL the API\'s address?)');
    await expect(upsert('{"message": "not a list"}')).rejects.toThrow('answered no list of comments');
  });
});

#!/usr/bin/env node
/**
 * Keeps one comment on a pull request up to date with agentready's markdown summary (the
 * verdict, the failed thresholds, the newly failing cases): the comment that carries this
 * script's hidden marker is edited in place, and created when there is none. Used by the
 * repository's action.yml; no dependencies, so it runs from the action's own checkout.
 *
 *   node pr-comment.mjs --summary agentready-summary.md --exit-code 1 [--id shard-2]
 *
 * Reads GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_EVENT_PATH (the pull request's
 * number), as GitHub Actions sets them. `--id` tells apart the comments of several jobs on one
 * pull request. Outside a pull request it does nothing. A refusal by the API (a fork's read-only
 * token, say) is a warning annotation, not a failure: the gate is eval's (or merge's) exit code, not the comment.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** GitHub refuses a comment body past 65,536 characters. */
export const MAX_BODY_CHARS = 65_536;

/** The hidden first line that finds the comment again. */
export function markerFor(id = '') {
  return `<!-- agentready:pr-comment${id ? `:${id}` : ''} -->`;
}

/** The pull request number of the event that started the workflow, if it is about one. */
export function pullRequestNumber(event) {
  if (event?.pull_request?.number) return event.pull_request.number;
  if (event?.issue?.pull_request && event.issue.number) return event.issue.number;
  return undefined;
}

/**
 * The comment: the marker, then the summary (cut to fit), or why there is none.
 * @param {{ marker: string, summary?: string, exitCode?: string, runUrl?: string }} input
 */
export function commentBody({ marker, summary, exitCode, runUrl }) {
  const link = runUrl ? `\n\n[The workflow run](${runUrl}) holds the run folder as an artifact${exitCode === '1' ? REPLAY_HINT : '.'}` : '';
  // No exit code: the step that runs agentready never ran (the workflow passes its output, '', then).
  const text = summary?.trim() || noSummary(exitCode);
  const room = MAX_BODY_CHARS - marker.length - link.length - 200;
  return `${marker}\n${text.length > room ? cutToFit(text, room) : text}${link}\n`;
}

/** After a failed gate: how the artifact's failing cases are run again on the reader's machine. */
const REPLAY_HINT =
  ": downloaded into your checkout, `agentready replay <trace id>` runs a failing case again on your machine, its tool calls answered from this run (docs/ci.md of the agentready-cli package, “A red gate, on your machine”).";

/** The comment's text when there is no summary to show: why, by the exit code (none: agentready did not run). */
function noSummary(exitCode) {
  // Exit 0 writes its summary: the path given was not the one written.
  if (exitCode === '0') return "⚠️ agentready passed (exit 0), but no summary was found at the path given to --summary: the job's log has the run.";
  if (exitCode) return `❌ agentready exited ${exitCode} before writing its summary (exit 2: bad input, 3: the run could not be completed): the job's annotations and log say why.`;
  return "❌ agentready did not run (no exit code): the job's log says which step failed before it.";
}

/**
 * `text` cut to at most `room` characters after its last whole line that fits (a markdown table
 * row or list item is never split), or inside a single over-long line at a code point, never
 * between the halves of a surrogate pair; then a note of what was left out and where it is.
 */
export function cutToFit(text, room) {
  let end = text.lastIndexOf('\n', room);
  if (end <= 0) {
    end = room;
    if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  }
  const kept = text.slice(0, end).trimEnd();
  const left = text.slice(end).split('\n').filter((line) => line.trim() !== '').length;
  return `${kept}\n\n… (cut to fit a comment, ${left} more line${left === 1 ? '' : 's'} left out: the whole summary is in the job's step summary)`;
}

/** Every comment of the issue, following the API's `Link: <…>; rel="next"` pages. */
async function listComments(api, path) {
  const comments = [];
  let url = `${api.base}${path}?per_page=100`;
  while (url) {
    const response = await api.request('GET', url);
    const page = await jsonOf(response, url);
    if (!Array.isArray(page)) throw new ApiError(`GET ${new URL(url).pathname} answered no list of comments (is GITHUB_API_URL the API's address?)`);
    comments.push(...page);
    url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return comments;
}

/** Creates the comment, or edits the one that carries `marker`. Returns what it did. */
export async function upsertComment({ api, repository, number, marker, body }) {
  const comments = await listComments(api, `/repos/${repository}/issues/${number}/comments`);
  // The marker is the comment's first line (a comment edited on GitHub's page ends its lines in CRLF):
  // a review comment that quotes it further down is someone else's.
  const existing = comments.find((comment) => typeof comment.body === 'string' && comment.body.split(/\r?\n/, 1)[0] === marker);
  if (existing) {
    await api.request('PATCH', `${api.base}/repos/${repository}/issues/comments/${existing.id}`, { body });
    return { action: 'updated', id: existing.id };
  }
  const url = `${api.base}/repos/${repository}/issues/${number}/comments`;
  const created = await jsonOf(await api.request('POST', url, { body }), url);
  return { action: 'created', id: created.id };
}

class ApiError extends Error {}

/** The answer's JSON; an answer that is none (a web page: GITHUB_API_URL names the site, not its API) is an ApiError, a warning like any refusal. */
async function jsonOf(response, url) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(`${new URL(url).pathname} answered HTTP ${response.status} with no JSON (is GITHUB_API_URL the API's address?)`);
  }
}

function githubApi({ base, token }) {
  return {
    base: base.replace(/\/+$/, ''),
    async request(method, url, body) {
      const response = await fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'agentready-pr-comment',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok) {
        const text = (await response.text()).slice(0, 300);
        throw new ApiError(`${method} ${new URL(url).pathname} answered HTTP ${response.status}: ${text}`);
      }
      return response;
    },
  };
}

/**
 * An error's message with its cause: fetch's own, `fetch failed`, says nothing without it
 * (`connect ECONNREFUSED 127.0.0.1:443`, `getaddrinfo ENOTFOUND api.github.example`), and names the API's address.
 * On Node 20 a host with IPv4 and IPv6 addresses fails with an AggregateError whose message is
 * empty: then its errors' messages (or codes) say why, or its own code.
 */
export function withCause(error) {
  const cause = error.cause instanceof Error ? causeText(error.cause) : undefined;
  return cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
}

function causeText(cause) {
  if (cause.message) return cause.message;
  const each = Array.isArray(cause.errors) ? [...new Set(cause.errors.map((inner) => inner?.message || inner?.code).filter(Boolean))] : [];
  if (each.length > 0) return each.join('; ');
  return typeof cause.code === 'string' ? cause.code : undefined;
}

/** A workflow command's message, escaped as GitHub requires. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Bad input (a flag, the event file): what is wrong, said once, for exit 2 without a stack trace. */
class UsageError extends Error {}

const USAGE = 'usage: node pr-comment.mjs --summary <file> --exit-code <code> [--id <id>]';

/** What `--help` prints: the usage, then what the script does and reads. */
const HELP = `${USAGE}

Keeps one comment on the pull request up to date with agentready's markdown summary: the comment
with this script's hidden marker is edited in place, or created when there is none.

  --summary <file>     agentready's markdown summary (--reporter markdown:<file>)
  --exit-code <code>   agentready's exit code: says why when there is no summary
  --id <id>            tells apart the comments of several jobs on one pull request
  -h, --help           prints this

Reads GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_EVENT_PATH, as GitHub Actions
sets them. Outside a pull request it does nothing.
`;

function readArgs() {
  try {
    return parseArgs({
      options: { summary: { type: 'string' }, 'exit-code': { type: 'string' }, id: { type: 'string', default: '' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    // Node's own message ("Unknown option '--x'. To specify a positional argument …"): its first sentence.
    const why = error.message.split('. ')[0];
    throw new UsageError(`${why.charAt(0).toLowerCase()}${why.slice(1)}\n  ${USAGE}`);
  }
}

function readEvent(path) {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${error.message} (GITHUB_EVENT_PATH names the event that started the workflow)`);
  }
}

async function main() {
  const values = readArgs();
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const number = pullRequestNumber(event);
  if (number === undefined) {
    console.log('agentready pr-comment: not a pull request event; no comment.');
    return;
  }
  if (!env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) {
    console.log(`::warning title=agentready comment::${escapeData('GITHUB_TOKEN and GITHUB_REPOSITORY must be set to comment on the pull request')}`);
    return;
  }
  const summary = values.summary && existsSync(values.summary) ? readFileSync(values.summary, 'utf8') : undefined;
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const marker = markerFor(values.id);
  const body = commentBody({ marker, summary, exitCode: values['exit-code'], runUrl });
  const api = githubApi({ base: env.GITHUB_API_URL || 'https://api.github.com', token: env.GITHUB_TOKEN });
  try {
    const { action, id } = await upsertComment({ api, repository: env.GITHUB_REPOSITORY, number, marker, body });
    console.log(`agentready pr-comment: ${action} comment ${id} on pull request #${number}.`);
  } catch (error) {
    if (!(error instanceof ApiError) && !(error instanceof TypeError)) throw error;
    const why = `could not comment on pull request #${number}: ${withCause(error)}${/HTTP 403/.test(error.message) ? ' (the token may not write to the pull request: give the job `permissions: pull-requests: write`; a pull request from a fork always gets a read-only token)' : ''}`;
    console.log(`::warning title=agentready comment::${escapeData(why)}`);
  }
}

// Run as a script (the tests import the functions above).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`agentready pr-comment: ${error.message}\n`);
    process.exitCode = 2;
  }
}

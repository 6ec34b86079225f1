// The `models:` section and model faults in a case: defaults, paths, and positioned errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(config: string, faults: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-models-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'evals'));
  writeFileSync(path.join(root, 'agentready.config.yaml'), `target: { adapter: stdio, command: [node, agent.js] }\nsuites: [evals/*.suite.yaml]\n${config}`);
  writeFileSync(path.join(root, 'agent.js'), '');
  writeFileSync(
    path.join(root, 'evals/s.suite.yaml'),
    `suite: s\ntools:\n  - name: lookup_order\ncases:\n  - id: a\n    input: hi\n    faults:\n${faults}    expect: { outcome: completed }\n`,
  );
  return root;
}

describe('models: and model faults', () => {
  it('defaults to live mode, the providers\' public APIs and a cassettes folder next to the config', async () => {
    const root = project('', '      - { tool: lookup_order, error: rate_limit }\n');
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(config.models).toEqual({
      mode: 'live',
      upstream: { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' },
      cassettes: path.join(root, 'cassettes'),
      // No `models:` section: `--models record|replay` warns that these are the defaults.
      defaulted: true,
    });
    expect(config.suites[0]!.cases[0]!.model_faults).toBeUndefined();
  });

  it('takes mode, upstream URLs (with ${ENV}) and a cassettes folder', async () => {
    const root = project('models:\n  mode: replay\n  upstream: { openai: "${BASE}" }\n  cassettes: evals/cassettes\n', '      - { tool: lookup_order, error: rate_limit }\n');
    const config = await loadConfig({ names: namesRedactionChanges, cwd: root, env: { BASE: 'http://127.0.0.1:9/v1' } });
    expect(config.models).toEqual({
      mode: 'replay',
      upstream: { openai: 'http://127.0.0.1:9/v1', anthropic: 'https://api.anthropic.com' },
      cassettes: path.join(root, 'evals/cassettes'),
    });
  });

  it('splits a case\'s faults into tool faults and model faults', async () => {
    const root = project('', '      - { tool: lookup_order, call: 1, error: rate_limit }\n      - { model: "*", call: 2, error: rate_limit, retry_after_ms: 50 }\n      - { model: gpt-x, error: truncated_stream }\n');
    const kase = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).suites[0]!.cases[0]!;
    expect(kase.faults).toEqual([{ tool: 'lookup_order', call: 1, error: 'rate_limit' }]);
    expect(kase.model_faults).toEqual([{ model: '*', call: 2, error: 'rate_limit', retry_after_ms: 50 }, { model: 'gpt-x', error: 'truncated_stream' }]);
  });

  it('points at a model fault of an unknown kind and an unknown mode, with what is allowed', async () => {
    const root = project('models: { mode: tape }\n', '      - { model: "*", error: malformed }\n');
    const error = await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => ({ file: i.file, path: i.path, expected: i.expected }));
    expect(issues).toEqual([
      { file: 'agentready.config.yaml', path: 'models.mode', expected: 'one of live | record | replay' },
      { file: 'evals/s.suite.yaml', path: 'cases[0].faults[0].error', expected: 'one of rate_limit | server_error | timeout | truncated_stream' },
    ]);
  });
});

describe('models.upstream', () => {
  it('refuses, at the URL, a base URL the gateway cannot call: credentials (fetch refuses them) or a ?query or #fragment (each call\'s path is appended)', async () => {
    const root = project('models:\n  upstream: { openai: "http://proxy:s3cret@127.0.0.1:9/v1", anthropic: "https://api.anthropic.com?beta=1" }\n', '      - { tool: lookup_order, error: rate_limit }\n');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => [i.path, i.line, i.column, i.expected])).toEqual([
      ['models.upstream.openai', 4, 23, 'an SDK base URL with no user:password@ (fetch refuses to call a URL with credentials), ?query or #fragment (each call\'s path is appended to it)'],
      ['models.upstream.anthropic', 4, 72, 'an SDK base URL with no user:password@ (fetch refuses to call a URL with credentials), ?query or #fragment (each call\'s path is appended to it)'],
    ]);
  });

  it('refuses, at the URL, OpenAI\'s API without its /v1 and an Anthropic base URL with one (the AI SDK\'s convention): every call would miss its endpoint', async () => {
    const root = project('models:\n  upstream: { openai: "https://api.openai.com/", anthropic: "https://api.anthropic.com/v1" }\n', '      - { tool: lookup_order, error: rate_limit }\n');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => [i.path, i.line, i.column, i.expected])).toEqual([
      ['models.upstream.openai', 4, 23, 'OpenAI\'s SDK base URL, with its /v1 (https://api.openai.com/v1): each call\'s path, /chat/completions or /responses, is appended to it'],
      ['models.upstream.anthropic', 4, 61, 'Anthropic\'s SDK base URL, without /v1 (https://api.anthropic.com): the gateway appends /v1/messages to it, as Anthropic\'s SDK does'],
    ]);
    // Other OpenAI-compatible providers' base URLs end where theirs do.
    const compatible = project('models:\n  upstream: { openai: "https://api.deepseek.com", anthropic: "https://api.deepseek.com/anthropic" }\n', '      - { tool: lookup_order, error: rate_limit }\n');
    await expect(loadConfig({ names: namesRedactionChanges, cwd: compatible, env: {} })).resolves.toBeDefined();
  });
});

describe('a fault with an unknown key', () => {
  it('lists the keys of the fault kind it resembles', async () => {
    const root = project('', '      - { model: "*", error: timeout, tool_name: x }\n      - { tool: lookup_order, error: timeout, modle: x }\n');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues.map((i) => [i.path, i.expected])).toEqual([
      ['cases[0].faults[0].tool_name', 'no key "tool_name" here (allowed: model, call, error, status, retry_after_ms)'],
      ['cases[0].faults[1].modle', 'no key "modle" here (allowed: tool, call, error, status, retry_after_ms)'],
    ]);
  });

  it('reads a misspelt `model` as a model fault: one problem, at the key, naming the key meant (not also "missing model")', async () => {
    const root = project('', '      - { modle: "*", error: server_error }\n');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues.map((i) => [i.path, i.expected])).toEqual([
      ['cases[0].faults[0].modle', 'no key "modle" here: did you mean "model"? (allowed: model, call, error, status, retry_after_ms)'],
    ]);
  });

  it('takes a typo of the key a fault kind lacks as that kind, when the rest fits either (`{modle, call, error: rate_limit}`, `{tol, …}`)', async () => {
    const root = project('', '      - { modle: "*", call: 2, error: rate_limit }\n      - { tol: lookup_order, call: 1, error: rate_limit }\n');
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    expect(error.issues.map((i) => [i.path, i.expected])).toEqual([
      ['cases[0].faults[0].modle', 'no key "modle" here: did you mean "model"? (allowed: model, call, error, status, retry_after_ms)'],
      ['cases[0].faults[1].tol', 'no key "tol" here: did you mean "tool"? (allowed: tool, call, error, status, retry_after_ms)'],
    ]);
  });
});

describe('a tool fault\'s status', () => {
  it('is an HTTP status, an error status (400-599) for a fault that fails its call, at its line and column', async () => {
    const root = project('', [
      '      - { tool: lookup_order, call: 1, error: error, status: -3 }',
      '      - { tool: lookup_order, call: 2, error: rate_limit, status: 99999 }',
      '      - { tool: lookup_order, call: 3, error: timeout, status: 200 }',
      '      - { tool: lookup_order, call: 4, error: malformed, status: 200 }',
      '      - { tool: lookup_order, call: 5, error: error, status: 503 }',
      '',
    ].join('\n'));
    const error = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} }).catch((e: unknown) => e)) as ConfigError;
    // Before: all five loaded, and the agent was told `status: -3`.
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.filter((i) => i.severity !== 'warning').map((i) => [`${i.line}:${i.column}`, i.path, i.expected, i.found])).toEqual([
      ['8:62', 'cases[0].faults[0].status', 'a number of at least 100', '-3'],
      ['9:67', 'cases[0].faults[1].status', 'a number of at most 599', '99999'],
      ['10:64', 'cases[0].faults[2].status', 'an error status, 400-599 (`error: timeout` fails the call; 2xx and 3xx are successes)', '200'],
    ]);
    // A valid status on a malformed fault loads, with a warning that the kind ignores it.
    expect(error.issues.filter((i) => i.severity === 'warning').map((i) => [`${i.line}:${i.column}`, i.code])).toEqual([['11:66', 'fault_setting_unused']]);
  });
});

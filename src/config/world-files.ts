/**
 * The files a suite's tool world names, read and checked with positions: the suite's `state`
 * file, each tool's `handler` module (it must exist and export that function) and each case's
 * expected-state file; then the `expect.state` and `state_unchanged` paths against the initial
 * state. Paths are relative to the suite file. Handler modules are imported here, once, so
 * `validate` finds what `eval` would.
 */
import path from 'node:path';
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { didYouMean } from './allowed-keys.js';
import { MAX_NESTING_DEPTH } from './defaults.js';
import { importModuleOnce } from './import-module.js';
import { jsonNestedPast } from './json-depth.js';
import { parserFound, syntaxErrorPosition } from './json-error.js';
import { isPlainObject } from './json-value.js';
import { issueAtKey, issueAtPath, mayHoldKey, type IssueFields, type PathKey } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import { moduleFileProblem, readText } from './read.js';
import type { Salvaged } from './salvage.js';
import type { HandlerRef } from './schema/resolved.js';
import type { WrittenSuite } from './schema/suite.js';
import { dotPathProblem, initialState, matcherPathProblems, type StatePathProblem } from './state.js';

/** What a suite's world files hold, for resolve: only what loaded without a problem. */
export interface SuiteWorld {
  /** The suite's `state`, inline or read from its file. */
  state?: Record<string, unknown>;
  /** Each tool's handler, by tool index. */
  handlers: Map<number, HandlerRef>;
  /** Each case's expected-state file, by case index: its display path and content. */
  expectedStates: Map<number, { file: string; value: unknown }>;
  /** The JSON files read (absolute): the state file, the expected-state files. */
  files: string[];
}

/** The suite's world, and every problem found in reading it. */
export async function loadSuiteWorld(input: {
  suite: Salvaged<WrittenSuite>;
  yaml: YamlFile;
  absPath: string;
  display: (absPath: string) => string;
}): Promise<{ world: SuiteWorld; issues: ConfigIssue[] }> {
  const { suite, yaml } = input;
  const dir = path.dirname(input.absPath);
  const issues: ConfigIssue[] = [];
  const report = (at: PathKey[], fields: Omit<IssueFields, 'path'>) => issues.push(issueAtPath({ yaml, path: at }, { path: z.core.toDotPath(at), ...fields }));
  const warn = (at: PathKey[], fields: Omit<IssueFields, 'path'>) => issues.push(issueAtKey({ yaml, path: at }, { path: z.core.toDotPath(at), ...fields, severity: 'warning' }));
  const world: SuiteWorld = { handlers: new Map(), expectedStates: new Map(), files: [] };

  let stateUnreadable = false;
  if (typeof suite.state === 'string') {
    const file = path.resolve(dir, suite.state);
    const read = readJsonObject(file, input.display);
    world.files.push(file);
    if (read.ok) world.state = read.value;
    else {
      stateUnreadable = true;
      report(['state'], { code: 'invalid_state_file', message: read.message, expected: 'the path of a JSON file holding an object, relative to the suite file', found: read.found });
    }
  } else if (suite.state !== undefined) {
    world.state = suite.state as Record<string, unknown>;
  }

  for (const [i, tool] of (suite.tools ?? []).entries()) {
    if (typeof tool?.handler !== 'string') continue;
    const checked = await checkHandler(tool.handler, { dir, display: input.display });
    if (checked.ok) world.handlers.set(i, checked.handler);
    else report(['tools', i, 'handler'], checked.problem);
  }

  // What follows is of cases with `expect.state` or `state_unchanged`: a text that cannot hold the key has none (mayHoldKey).
  const cases = mayHoldKey(yaml, 'state') ? suite.cases ?? [] : [];
  // Indexed: an entries() iterator makes an [index, case] pair per case of a large suite.
  for (let i = 0; i < cases.length; i++) {
    const kase = cases[i];
    const expect = kase?.expect;
    if (!expect) continue;
    if (typeof expect.state === 'string') {
      const file = path.resolve(dir, expect.state);
      // The final state is always an object (a handler that sets world.state to anything else fails): a file holding another value could never match.
      const read = readJsonObject(file, input.display);
      if (!world.files.includes(file)) world.files.push(file);
      if (read.ok) world.expectedStates.set(i, { file: input.display(file), value: read.value });
      else report(['cases', i, 'expect', 'state'], { code: 'invalid_state_file', message: read.message, expected: 'the path of a JSON file holding the expected final state (an object), relative to the suite file', found: read.found });
    }
    if (stateUnreadable || (expect.state === undefined && expect.state_unchanged === undefined)) continue;
    const initial = initialState(world.state, kase.state as Record<string, unknown> | undefined);
    if (initial === undefined) {
      const at = expect.state !== undefined ? ['cases', i, 'expect', 'state'] : ['cases', i, 'expect', 'state_unchanged'];
      report(at, { code: 'no_state', message: 'the case has no state to judge', expected: 'a `state:` on the suite or the case (the initial state of the tool world)', found: 'no state' });
      continue;
    }
    if (expect.state !== undefined && typeof expect.state === 'object') {
      for (const problem of matcherPathProblems(expect.state as Record<string, unknown>, initial)) {
        reportPath(['cases', i, 'expect', 'state', ...problem.path], { problem, initial });
      }
    }
    const except = typeof expect.state_unchanged === 'object' ? expect.state_unchanged.except ?? [] : [];
    except.forEach((dotPath, j) => {
      const problem = typeof dotPath === 'string' ? dotPathProblem(dotPath, initial) : undefined;
      if (problem) reportPath(['cases', i, 'expect', 'state_unchanged', 'except', j], { problem, written: dotPath, initial });
    });
  }
  return { world, issues };

  /** A path the initial state cannot have (an error) or lacks at its top (a warning: a handler would have to add it). */
  function reportPath(at: PathKey[], { problem, written, initial }: { problem: StatePathProblem; written?: string; initial: Record<string, unknown> }): void {
    const where = problem.path.join('.');
    if (problem.kind === 'scalar') {
      const parent = problem.path.slice(0, -1).join('.');
      report(at, {
        code: 'impossible_state_path',
        message: `the initial state cannot have ${written ?? where}: ${parent} is ${JSON.stringify(problem.found)}, which has no keys`,
        expected: `a path into the initial state (${parent} is a ${problem.found === null ? 'null' : typeof problem.found}, which has no keys)`,
        found: `${JSON.stringify(written ?? where)} (${parent} is ${JSON.stringify(problem.found)} in the initial state)`,
      });
      return;
    }
    warn(at, {
      code: 'unknown_state_key',
      message: `the initial state has no "${where}"; a handler would have to add it`,
      expected: `a top-level key of the initial state${keyHint(where, initial)}`,
      found: JSON.stringify(where),
    });
  }
}

/**
 * What a top-level key the initial state lacks was meant to be: a key of it a typo away, or, for
 * `exact` (SPEC §12 words the whole-state comparison `exact: true`), expect's `state_exact`.
 */
function keyHint(key: string, initial: Record<string, unknown>): string {
  const meant = didYouMean(key, Object.keys(initial));
  if (meant !== '') return meant;
  return key === 'exact' ? ': for a state equal to it, with no other keys, write `state_exact: true` beside `state:` in expect' : '';
}

type Checked = { ok: true; handler: HandlerRef } | { ok: false; problem: Omit<IssueFields, 'path'> };

/** The handler's module exists, loads and exports a function under that name. */
async function checkHandler(spec: string, { dir, display }: { dir: string; display: (absPath: string) => string }): Promise<Checked> {
  const hash = spec.lastIndexOf('#');
  const modulePath = hash === -1 ? spec : spec.slice(0, hash);
  const exportName = hash === -1 ? 'default' : spec.slice(hash + 1);
  const file = path.resolve(dir, modulePath);
  const expected = `a JS or TS module, relative to the suite file, that exports a function ${exportName === 'default' ? 'as its default export' : `named ${exportName}`}`;
  const unusable = moduleFileProblem(file, `no handler module ${display(file)}`);
  if (unusable) {
    // A socket or a device would fail the import or never end it: said as such, not as missing.
    const message = unusable.missing ? unusable.why : `the handler module ${display(file)}: ${unusable.why}`;
    return { ok: false, problem: { code: unusable.missing ? 'handler_not_found' : 'unreadable', message, expected, found: `${JSON.stringify(spec)} (${unusable.why})` } };
  }
  let exports: Record<string, unknown>;
  try {
    exports = await importModuleOnce(file, 'tool handler');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = `cannot load ${display(file)}: ${why}`;
    return { ok: false, problem: { code: 'handler_unloadable', message, expected, found: `${JSON.stringify(spec)} (${message})` } };
  }
  if (typeof exports[exportName] === 'function') return { ok: true, handler: { spec, file, exportName } };
  const functions = Object.keys(exports).filter((key) => typeof exports[key] === 'function');
  const message = `${display(file)} exports no function ${exportName === 'default' ? 'as default' : `named ${exportName}`}`;
  return {
    ok: false,
    problem: {
      code: 'handler_not_exported',
      message,
      expected: `${expected} (its functions: ${functions.join(', ') || 'none'})`,
      found: `${JSON.stringify(spec)} (${message})`,
    },
  };
}

type JsonRead = { ok: true; value: unknown } | { ok: false; message: string; found: string };

/** A JSON file's value, or what is wrong with it in words. */
function readJson(absPath: string, display: (absPath: string) => string): JsonRead {
  const read = readText(absPath);
  if (!read.ok) return { ok: false, message: `cannot read ${display(absPath)}: ${read.reason}`, found: read.reason };
  // Parsing copes with any depth; copying, diffing and matching the state would run out of stack.
  if (jsonNestedPast(read.text, MAX_NESTING_DEPTH) !== undefined) {
    return { ok: false, message: `${display(absPath)} nests more than ${MAX_NESTING_DEPTH} levels deep`, found: `objects and arrays nested more than ${MAX_NESTING_DEPTH} levels deep` };
  }
  try {
    return { ok: true, value: JSON.parse(read.text) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const { line, column } = syntaxErrorPosition(why, read.text);
    const where = `${display(absPath)}:${line}:${column}`;
    const found = parserFound({ message: why, text: read.text, end: 'the end of the file' });
    return { ok: false, message: `${where} is not JSON: ${found}`, found: `${found} at ${where}` };
  }
}

/** A JSON file holding an object. */
function readJsonObject(absPath: string, display: (absPath: string) => string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string; found: string } {
  const read = readJson(absPath, display);
  if (!read.ok) return read;
  const value = read.value;
  if (isPlainObject(value)) return { ok: true, value };
  return { ok: false, message: `${display(absPath)} does not hold an object`, found: JSON.stringify(value)?.slice(0, 80) ?? 'nothing' };
}

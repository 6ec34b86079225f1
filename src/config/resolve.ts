/** Written → resolved: defaults filled in, paths made absolute, approvals normalised, cases fingerprinted. */
import path from 'node:path';
import type { ConfigIssue } from '../errors.js';
import { DEFAULT_BASELINE, DEFAULT_GATE, DEFAULT_MODELS, DEFAULT_RUN, DEFAULT_TOOL } from './defaults.js';
import { caseFingerprint, plainCaseFingerprint, plainCaseJson, suiteFingerprint, toolsJson as toolsJsonOf, type PlainCaseJson } from './case-fingerprint.js';
import { canonicalJson } from './fingerprint.js';
import { deepFreeze, NO_CONTEXT, NONE, sharedExpectation, sharedExpectations, sharedMembersJson, type KnownFingerprints, type SharedExpectations } from './case-sharing.js';
import { caseLocation } from './locate.js';
import type { YamlFile } from './parse-yaml.js';
import type { Target, UserSimulator, WrittenConfig } from './schema/config.js';
import type { PolicyRule } from './schema/policy.js';
import type { ApprovalDecision, Case, HandlerRef, ProjectSettings, ResolvedConfig, SourceLocation, Suite, Tool, Turn } from './schema/resolved.js';
import type { Approvals, WrittenCase, WrittenSuite, WrittenTool, WrittenTurn } from './schema/suite.js';
import { setOwn } from './own-key.js';
import { initialState } from './state.js';
import type { SuiteWorld } from './world-files.js';
import { toolTier } from './tools.js';

/** The run-ready configuration; `file` is the config's absolute path. */
export function resolveConfig(input: {
  written: WrittenConfig;
  file: string;
  suites: Suite[];
  policy: { file: string | undefined; rules: PolicyRule[] };
  warnings: ConfigIssue[];
  packFiles?: string[];
}): ResolvedConfig {
  const resolved: ResolvedConfig = { ...resolveSettings(input.written, input.file), suites: input.suites, policy: input.policy, warnings: input.warnings };
  if (input.packFiles) resolved.packFiles = input.packFiles;
  return resolved;
}

/** What the config file alone says, defaults filled in; `file` is its absolute path. */
export function resolveSettings(written: WrittenConfig, file: string): ProjectSettings {
  const rootDir = path.dirname(file);
  return {
    file,
    rootDir,
    target: resolveTarget(written.target, rootDir),
    baselinePath: path.resolve(rootDir, written.baseline ?? DEFAULT_BASELINE),
    run: { ...DEFAULT_RUN, ...definedOnly(written.run ?? {}) },
    budgets: { ...written.budgets },
    pricing: { ...written.pricing },
    models: {
      mode: written.models?.mode ?? DEFAULT_MODELS.mode,
      upstream: { ...DEFAULT_MODELS.upstream, ...definedOnly(written.models?.upstream ?? {}) },
      cassettes: path.resolve(rootDir, written.models?.cassettes ?? DEFAULT_MODELS.cassettes),
      ...(written.models === undefined ? { defaulted: true as const } : {}),
    },
    // The default itself (frozen), not a copy: the gate knows it by identity and says it applied.
    gate: written.gate ? structuredClone(written.gate) : DEFAULT_GATE,
    ...(written.user ? { user: resolveUser(written.user, rootDir) } : {}),
  };
}

/**
 * A suite as the run uses it; `absPath` is the file, `yaml` locates each case's `- id:`, `world`
 * holds what its world files held (see world-files.ts). `fingerprints: false` leaves the suite's
 * and its cases' fingerprints empty, for a reader that never reads them (checkConfig).
 */
export function resolveSuite(input: {
  written: WrittenSuite;
  yaml: YamlFile;
  absPath: string;
  world?: SuiteWorld;
  fingerprints?: boolean;
  /** The fingerprints computed for this suite and world before (suite-cache.ts): taken, not computed. */
  known?: KnownFingerprints;
  /** True when `written` was not read from the text now (suite-cache.ts): its strings are no slices of it. */
  ownStrings?: boolean;
}): Suite {
  const { written, yaml } = input;
  const asked = input.fingerprints ?? true;
  const known = asked && input.known?.cases.length === written.cases.length ? input.known : undefined;
  const fingerprints = asked && !known;
  const world: SuiteWorld = input.world ?? { handlers: new Map(), expectedStates: new Map(), files: [] };
  const tools = written.tools.map((tool, i) => resolveTool(tool, world.handlers.get(i)));
  // Cases without approvals of their own share the suite's, as they share the empty defaults.
  const suiteApprovals = Object.freeze(normalizeApprovals(written.approvals, undefined));
  Object.freeze(suiteApprovals.tools);
  // Every case's fingerprint holds the suite's tools (a handler as written): canonical JSON written once.
  const toolsJson = fingerprints ? toolsJsonOf(tools) : '';
  const approvalsJson = fingerprints ? canonicalJson(suiteApprovals) : '';
  const prints: SuitePrints | undefined = fingerprints
    ? {
        toolsJson,
        suiteApprovals,
        approvalsJson,
        plain: plainCaseJson({ approvalsJson, toolsJson }),
        // Cases that expect the same (most of a large suite: `outcome: completed`) share one object.
        expectations: sharedExpectations(),
      }
    : undefined;
  const own = input.ownStrings ? (text: string) => text : ownString;
  const cases: Case[] = [];
  // Indexed: an entries() iterator makes an [index, case] pair per case.
  for (let i = 0; i < written.cases.length; i++) {
    const resolved = resolveCase({
      written: written.cases[i]!, suite: written, suiteApprovals, location: caseLocation(yaml, i), world, expectedState: world.expectedStates.get(i), prints, own,
    });
    if (known) {
      resolved.fingerprint = known.cases[i]!;
      // Shared as the fingerprinting shared them, without writing each expectation's JSON again.
      const first = known.expectOf[i]!;
      if (first !== i) resolved.expect = deepFreeze(cases[first]!.expect);
    }
    cases.push(resolved);
  }
  const suite: Suite = {
    name: written.suite,
    file: input.absPath,
    tools,
    cases,
    fingerprint: known ? known.suite : prints ? suiteFingerprint(cases, prints.toolsJson) : '',
    adversarial: [...(written.adversarial ?? [])],
  };
  if (written.description !== undefined) suite.description = written.description;
  if (written.context_schema !== undefined) suite.contextSchema = written.context_schema;
  if (world.state !== undefined) suite.state = world.state;
  if (world.files.length > 0) suite.worldFiles = world.files;
  return suite;
}

/** Relative `cwd` and `module` against the config's folder; stdio/exec run there by default. */
function resolveTarget(target: Target, rootDir: string): Target {
  switch (target.adapter) {
    case 'stdio':
    case 'exec':
      return { ...target, command: [...target.command], cwd: path.resolve(rootDir, target.cwd ?? '.') };
    case 'module':
      return { ...target, module: path.resolve(rootDir, target.module) };
    case 'http':
      return { ...target };
  }
}

/** The user simulator with its `cwd` made absolute (the config's folder by default). */
function resolveUser(user: UserSimulator, rootDir: string): NonNullable<ResolvedConfig['user']> {
  return { command: [...user.command], cwd: path.resolve(rootDir, user.cwd ?? '.'), ...(user.env ? { env: { ...user.env } } : {}) };
}

function resolveTool(tool: WrittenTool, handler: HandlerRef | undefined): Tool {
  const resolved: Tool = {
    name: tool.name,
    description: tool.description ?? DEFAULT_TOOL.description,
    tier: toolTier(tool),
    effects: [...(tool.effects ?? [])],
    parameters: structuredClone(tool.parameters ?? DEFAULT_TOOL.parameters) as Record<string, unknown>,
  };
  if (tool.mock !== undefined) resolved.mock = tool.mock;
  if (handler !== undefined) resolved.handler = handler;
  return resolved;
}

/** What a suite's cases' fingerprints share, written once per suite (only when fingerprints are computed). */
interface SuitePrints {
  /** toolsJson(the suite's tools). */
  toolsJson: string;
  /** The approvals of the cases that have none of their own, and their canonical JSON. */
  suiteApprovals: Case['approvals'];
  approvalsJson: string;
  /** The JSON around a plain case's parts (its approvals the suite's, none of its own context, mocks, faults or turns). */
  plain: PlainCaseJson;
  /** The suite's expectations so far, shared by the cases that write the same. */
  expectations: SharedExpectations;
}

function resolveCase(input: {
  written: WrittenCase;
  suite: WrittenSuite;
  suiteApprovals: Case['approvals'];
  location: SourceLocation;
  world: SuiteWorld;
  expectedState: { file: string; value: unknown } | undefined;
  /** What the case's fingerprint shares with the suite's other cases; undefined: no fingerprint is computed. */
  prints: SuitePrints | undefined;
  /** ownString, or nothing to do for strings that are no slices. */
  own: (text: string) => string;
}): Case {
  const { written: c, suite, expectedState } = input;
  const approvals = c.approvals === undefined ? input.suiteApprovals : normalizeApprovals(suite.approvals, c.approvals);
  const context = c.context ?? NO_CONTEXT;
  const mocks = c.mocks ?? NONE;
  const allFaults = c.faults ?? NONE;
  const faults = allFaults.length === 0 ? NONE : allFaults.filter((fault) => 'tool' in fault);
  const modelFaults = allFaults.length === 0 ? NONE : allFaults.filter((fault) => 'model' in fault);
  const turns = c.turns?.map(resolveTurn);
  // The rules guarantee `input` or a first turn of text; the opening message is the case's input.
  const opening = c.input ?? (typeof turns?.[0]?.user === 'string' ? turns[0].user : '');
  const state = initialState(input.world.state, c.state);
  // An expected-state file is compared whole and literally: `{eq: <content>}`.
  const written = expectedState ? { ...c.expect, state: { eq: expectedState.value } } : c.expect;
  // Without fingerprints (checkConfig: nothing runs) no canonical JSON is written, nor shared.
  const { prints } = input;
  const { expect, expectJson } = prints ? sharedExpectation(prints.expectations, written) : { expect: written, expectJson: '' };
  const resolved: Case = {
    id: input.own(c.id),
    suite: suite.suite,
    input: input.own(opening),
    context,
    tags: c.tags ?? NONE,
    approvals,
    mocks,
    faults,
    expect,
    fingerprint: !prints
      ? ''
      : approvals === prints.suiteApprovals && context === NO_CONTEXT && mocks === NONE && allFaults === NONE && turns === undefined
        ? plainCaseFingerprint(prints.plain, { input: opening, expectJson, state })
        : caseFingerprint({ parts: { input: opening, context, mocks, faults: allFaults, expect, approvals, turns, state }, toolsJson: prints.toolsJson, expectJson, written: sharedMembersJson({ approvals, context, mocks, faults: allFaults }, prints) }),
    location: input.location,
  };
  if (modelFaults.length > 0) resolved.model_faults = modelFaults;
  if (c.description !== undefined) resolved.description = input.own(c.description);
  if (c.risk !== undefined) resolved.risk = c.risk;
  if (turns !== undefined) resolved.turns = turns;
  if (state !== undefined) resolved.state = state;
  if (expectedState) resolved.expectedStateFile = expectedState.file;
  if (c.quarantine !== undefined) resolved.quarantine = c.quarantine;
  return resolved;
}

/**
 * Text a case keeps, as a string of its own: the parser's strings are slices of the file's text,
 * and one kept slice keeps the whole text alive (megabytes for a large suite) for the run.
 */
function ownString(text: string): string {
  return text.length < MIN_SLICED_CHARS ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** V8 copies a substring shorter than this instead of slicing it: nothing to let go of. */
const MIN_SLICED_CHARS = 13;

function resolveTurn(turn: WrittenTurn): Turn {
  return { user: turn.user, ...(turn.expect ? { expect: turn.expect } : {}) };
}

/**
 * The case's approval answers: the suite's setting, then the case's over it. A plain
 * `grant`/`deny` on the case replaces everything; a map overrides per tool. Unset is grant.
 */
export function normalizeApprovals(suite: Approvals | undefined, own: Approvals | undefined): Case['approvals'] {
  const result: Case['approvals'] = { default: 'grant', tools: {} };
  for (const layer of [suite, own]) {
    if (layer === undefined) continue;
    if (typeof layer === 'string') {
      result.default = layer;
      result.tools = {};
      continue;
    }
    for (const [name, decision] of Object.entries(layer)) {
      if (name === 'default') result.default = decision as ApprovalDecision;
      else setOwn(result.tools, name, decision as ApprovalDecision);
    }
  }
  return result;
}

/** The object without its undefined members, so they don't override defaults when spread. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}

/**
 * loadConfig: find → read → parse → validate the config, every suite, the policy and the payload
 * packs → rules → resolve → expand adversarial variants. Every problem of every file is collected,
 * then thrown as one ConfigError.
 */
import { stateFolder } from './state-folder.js';
import path from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { CONFIG_FILENAMES } from './defaults.js';
import { ConfigError, InternalError, UsageError, type ConfigIssue } from '../errors.js';
import { emptyPayloads, expandSuite, expansionSettings, familiesWithoutVariants } from './expand-adversarial.js';
import { besideConfigIssue, bundledDefaultFor, findConfigFile } from './find.js';
import { configInFolderHint, missingConfigHint } from './config-flag.js';
import { withUnsetUrlPlaceholder } from './agentless-url.js';
import { withoutAgentOnly, withoutEnvEchoes, type Env } from './interpolate.js';
import { issueAtPath, mayHoldKey } from './locate.js';
import { releaseData } from './parse-yaml.js';
import { expiredQuarantines, utcDay } from './quarantine.js';
import { isFolder, readText } from './read.js';
import { baselineNotFile } from './baseline-file.js';
import { knownFingerprints } from './case-sharing.js';
import { resolveConfig, resolveSettings, resolveSuite } from './resolve.js';
import { CROSS_FILE_RULES, runRules } from './rules.js';
import { WrittenConfigSchema, type WrittenConfig } from './schema/config.js';
import { checkAgentModuleSyntax } from './module-syntax.js';
import { checkScorerModules } from './scorer-modules.js';
import { PolicySchema, type Policy } from './schema/policy.js';
import type { Case, ProjectSettings, ResolvedConfig, Suite } from './schema/resolved.js';
import type { WrittenSuite } from './schema/suite.js';
import { fingerprintsKey, linkedCacheIssue, openSuiteCache } from './suite-cache.js';
import { checkSource, isError, sortIssues, type CheckedFile } from './validate.js';
import { hasKey } from './json-value.js';
import { loadSuites } from './load-suites.js';
import { variantNames, type NamesCheck } from './names-check.js';
import { loadSuiteWorld, type SuiteWorld } from './world-files.js';
import { commandHint, configFlag } from './command-hint.js';
import { shownPath } from './shown-path.js';

export interface LoadOptions {
  /** Where the search for the config starts, and what paths in messages are relative to. */
  cwd: string;
  /** `--config`: a path (relative to cwd) that replaces the search. */
  configPath?: string;
  /** Values for `${NAME}` in the config, usually process.env. */
  env: Env;
  /** Today as YYYY-MM-DD (UTC), for quarantines that have ended; default: the current day. */
  today?: string;
  /**
   * Told what the config file says once it holds no error, before any suite is read: `eval`
   * spawns the agent here, so it boots while the suites load (the suites are read once what it
   * returns has settled).
   */
  onSettings?: (settings: ProjectSettings) => void | Promise<void>;
  /**
   * Set to keep checked suite files in `.agentready/cache/` in the config's folder and read them
   * back while unchanged (suite-cache.ts); `buildId` names the agentready build, part of the key.
   */
  cache?: {
    buildId: string;
    /**
     * Set to have the cache's writes made later: each is handed here, in order, instead of being
     * made during the load (`eval` makes them once its first cases went to the agent).
     */
    later?: (job: () => void) => void;
  } | undefined;
  /**
   * Set to import every custom scorer module the suites name and check it exports a default
   * function (scorer-modules.ts), as the run does before its first case: `validate` sets it.
   */
  importScorers?: boolean;
  /**
   * Set to parse a module target's agent module, without importing it (importing runs the agent's
   * code): a syntax error is an error at `target.module` (module-syntax.ts). `validate` sets it.
   */
  parseAgentModule?: boolean;
  /**
   * The check of suite names, case ids and tags that redaction would change (common/redacted-names.ts,
   * which config/ may not import): run with the other checks, its errors reported with theirs.
   * It is part of checking a suite file alone: with `cache`, a file served from its entry is not
   * checked again, so the check must be the same whenever `cache.buildId` is.
   */
  names: NamesCheck;
  /**
   * Set by the commands that start no agent (card, compare, merge, report, review, score, baseline show, baseline update --from): an
   * unset `${NAME}` under `target` (a header's token, the agent's env) is no error, since only
   * starting the agent reads it; the value keeps the reference as written.
   */
  agentless?: boolean;
}

/** The resolved configuration, or a ConfigError listing every problem in every file. */
export async function loadConfig(options: LoadOptions): Promise<ResolvedConfig> {
  return loadProject(options, { fingerprints: true });
}

/** The project as `validate` reads it: loaded and checked as for a run, without the fingerprints only a run reads. */
export type CheckedConfig = Omit<ResolvedConfig, 'suites'> & { suites: CheckedSuite[] };
export type CheckedSuite = Omit<Suite, 'fingerprint' | 'cases'> & { cases: Array<Omit<Case, 'fingerprint'>> };

/** loadConfig without hashing each case (a large share of loading a large suite): every problem is found as loadConfig finds it. */
export async function checkConfig(options: LoadOptions): Promise<CheckedConfig> {
  return loadProject(options, { fingerprints: false });
}

async function loadProject(options: LoadOptions, { fingerprints }: { fingerprints: boolean }): Promise<ResolvedConfig> {
  const configFile = configFileOf(options);
  const rootDir = path.dirname(configFile);
  const display = (absPath: string) => shownPath(absPath, options.cwd);
  const issues: ConfigIssue[] = [];

  const config = readAndCheck({ absPath: configFile, display, schema: WrittenConfigSchema, env: options.env });
  if (!config.ok) throw new UsageError(`cannot read ${display(configFile)}: ${config.reason}`, isFolder(configFile) ? configInFolderHint(configFile, display) : missingConfigHint(configFile, display));
  issues.push(...config.checked.issues);
  const beside = options.configPath === undefined ? besideConfigIssue(configFile, display) : undefined;
  if (beside) issues.push(beside);
  // A command that starts no agent checks an unset `target.url` with a placeholder (agentless-url.ts).
  const written = options.agentless ? withUnsetUrlPlaceholder(config.checked) : config.checked;
  if (written.value && !written.issues.some(isError)) await options.onSettings?.(resolveSettings(written.value, configFile));

  const cacheDir = path.join(stateFolder(rootDir), 'cache');
  const cacheLink = options.cache && linkedCacheIssue(cacheDir, display);
  if (cacheLink) issues.push(cacheLink);
  const cache = options.cache && cacheLink === undefined ? { store: openSuiteCache(cacheDir, options.cache.later), buildId: options.cache.buildId } : undefined;
  const notSuites = [{ absPath: configFile, what: 'the config file' }, ...policyFileOf(written, rootDir)];
  const { loaded: suites, unread } = loadSuites({ config: written, rootDir, display, issues, cache, names: options.names, notSuites });
  const policy = loadPolicy({ config: written, rootDir, display, issues });
  issues.push(...baselineNotFile({ config: written, rootDir, display }));
  // The packs' reader and schemas are loaded only for a project that asks for packs.
  const packs = asksForPacks(written, suites)
    ? (await import('./adversarial/load-packs.js')).loadPacks({ config: written, rootDir, display, issues, notPacks: [...notSuites, ...suites.map(({ absPath }) => ({ absPath, what: 'suite files' }))] })
    : undefined;
  const payloads = packs?.payloads ?? emptyPayloads();

  const salvaged = suites.flatMap(({ checked, absPath }) => (checked.salvaged ? [{ yaml: checked.yaml, value: checked.salvaged, absPath }] : []));
  // Each suite's own rules ran as it was checked (or came from the cache with it).
  issues.push(...runRules(CROSS_FILE_RULES, {
    suites: salvaged,
    unreadSuites: unread + suites.length - salvaged.length,
    ...(written.salvaged ? { config: { yaml: written.yaml, value: written.salvaged, absPath: configFile } } : {}),
    ...(policy?.checked?.salvaged ? { policy: { yaml: policy.checked.yaml, value: policy.checked.salvaged } } : {}),
  }));
  issues.push(...expiredQuarantines(salvaged, options.today ?? utcDay(new Date())));

  const worlds = new Map<string, SuiteWorld>();
  for (const { checked, absPath } of suites) {
    if (!checked.salvaged) continue;
    const loaded = await loadSuiteWorld({ suite: checked.salvaged, yaml: checked.yaml, absPath, display });
    worlds.set(absPath, loaded.world);
    issues.push(...loaded.issues);
    if (options.importScorers) issues.push(...await checkScorerModules({ suite: checked.salvaged, yaml: checked.yaml, absPath, display }));
  }

  if (options.parseAgentModule && written.salvaged) issues.push(...await checkAgentModuleSyntax({ config: written.salvaged, yaml: written.yaml, absPath: configFile, display }));

  // The warnings go with the errors: fixing only the errors must not be the first news of them.
  // An unset `${NAME}` is one problem: the file or module it stands for is not also missing.
  if (options.agentless && written.value !== undefined) issues.splice(0, issues.length, ...withoutAgentOnly(issues));
  if (issues.some(isError)) throw new ConfigError(sortIssues(withoutEnvEchoes(issues)));
  const settings = expansionSettings(valid(written.value));
  // What the suites say is checked: their data as read goes before what is resolved from it comes.
  for (const { checked } of suites) {
    checked.data = undefined;
    releaseData(checked.yaml);
  }
  const expanded = suites.map(({ checked, absPath, key, hit }) => {
    const world = valid(worlds.get(absPath));
    // A suite unchanged since its fingerprints were stored, with its world files unchanged, takes them from the cache.
    const printsKey = cache && fingerprints && key !== undefined ? fingerprintsKey(key, world) : undefined;
    const known = printsKey === undefined ? undefined : cache?.store.readFingerprints({ absPath, key: printsKey });
    const suite = resolveSuite({ written: valid(checked.value), yaml: checked.yaml, absPath, world, fingerprints, ownStrings: hit === true, ...(known ? { known } : {}) });
    if (printsKey !== undefined && !known) {
      cache?.store.writeFingerprints({ absPath, key: printsKey, fingerprints: () => knownFingerprints(suite) });
    }
    const withVariants = expandSuite({ suite, written: valid(checked.value), payloads, settings });
    issues.push(...familiesWithoutVariants({ suite: withVariants, written: valid(checked.value), yaml: checked.yaml }));
    return withVariants;
  });
  const variantIssues = options.names(variantNames(expanded), display);
  if (variantIssues.length > 0) throw new ConfigError(sortIssues([...issues, ...variantIssues]));
  return resolveConfig({
    written: valid(written.value),
    file: configFile,
    suites: expanded,
    policy: { file: policy?.absPath, rules: policy?.checked ? valid(policy.checked.value).rules : [] },
    warnings: sortIssues(issues),
    ...(packs ? { packFiles: packs.files } : {}),
  });
}

/** The config file's absolute path: `--config`, else the nearest one up from cwd. */
function configFileOf(options: LoadOptions): string {
  if (options.configPath !== undefined) return path.resolve(options.cwd, options.configPath);
  const found = findConfigFile(options.cwd) ?? bundledDefaultFor(options.cwd);
  if (found) return found;
  const misnamed = misnamedConfig(options.cwd);
  throw new UsageError(
    `no agentready.config.yaml in ${options.cwd} or any folder above it`,
    misnamed === undefined
      ? `\`${commandHint('init')}\` writes one with a starter agent and suite (or see the README for a minimal one), or pass --config <file>`
      : `${misnamed} is here, but agentready looks for agentready.config.yaml (or .yml): rename it, or pass ${configFlag(misnamed)}`,
  );
}

/** A file in `cwd` that looks meant as the config under another name (agentready.yaml, agentready.config.json); undefined when none does. */
function misnamedConfig(cwd: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(cwd);
  } catch {
    return undefined;
  }
  return names.find((name) => /^\.?agentready(?:[.-]?config)?\.(?:ya?ml|json)$/i.test(name) && !(CONFIG_FILENAMES as readonly string[]).includes(name) && !/baseline/i.test(name));
}

export type Display = (absPath: string) => string;

/** Reads and checks one file; `ok: false` only when it cannot be read. */
function readAndCheck<T>(input: { absPath: string; display: Display; schema: import('zod').ZodType<T>; env?: Env }):
  { ok: true; checked: CheckedFile<T> } | { ok: false; reason: string } {
  const read = readText(input.absPath);
  if (!read.ok) return read;
  const checked = checkSource({ source: read.text, file: input.display(input.absPath), schema: input.schema, ...(input.env ? { env: input.env } : {}) });
  return { ok: true, checked: checked as CheckedFile<T> };
}

/** The policy file `policy:` names, as a file that is no suite (none for `policy: false`, or an unset or empty one). */
function policyFileOf(config: CheckedFile<WrittenConfig>, rootDir: string) {
  const raw = writtenPolicy(config);
  return typeof raw === 'string' && raw !== '' ? [{ absPath: path.resolve(rootDir, raw), what: 'the policy file' }] : [];
}

/** What `policy:` holds; with an invalid config, whatever is written there. */
function writtenPolicy(config: CheckedFile<WrittenConfig>): unknown {
  return config.value?.policy ?? (config.data as Record<string, unknown> | undefined)?.policy;
}

/** The policy file named by `policy:`, checked; undefined when the config names none (or `policy: false`). */
function loadPolicy(input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: Display; issues: ConfigIssue[] }) {
  const { config, rootDir, display, issues } = input;
  const raw = writtenPolicy(config);
  // `policy: false` is no policy on purpose: a policy.yaml beside the config is another config's.
  if (config.data !== undefined && !hasKey(config.data, 'policy')) {
    const unnamed = unnamedPolicyIssue({ config, rootDir, display });
    if (unnamed) issues.push(unnamed);
  }
  // An empty path is the schema's error (a non-empty string), not a folder to read.
  if (typeof raw !== 'string' || raw === '') return undefined;
  const absPath = path.resolve(rootDir, raw);
  const result = readAndCheck({ absPath, display, schema: PolicySchema });
  if (!result.ok) {
    issues.push(issueAtPath({ yaml: config.yaml, path: ['policy'] }, {
      path: 'policy',
      code: 'unreadable',
      message: `cannot read ${display(absPath)}: ${result.reason}`,
      expected: 'the path of a policy file, relative to the config file',
      found: `${JSON.stringify(raw)}: ${result.reason}`,
    }));
    return { absPath, checked: undefined };
  }
  issues.push(...result.checked.issues);
  return { absPath, checked: result.checked as CheckedFile<Policy> };
}

/** The policy files `init` writes beside the config; read only when the config names one. */
const POLICY_FILE_NAMES = ['policy.yaml', 'policy.yml'];

/**
 * A warning when a policy file sits beside a config that names none (`policy:` left out): its
 * rules are not loaded, so no call is judged by them and the gate cannot see a violation of one.
 */
function unnamedPolicyIssue(input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: Display }): ConfigIssue | undefined {
  const name = POLICY_FILE_NAMES.find((file) => existsSync(path.join(input.rootDir, file)));
  if (name === undefined) return undefined;
  return issueAtPath({ yaml: input.config.yaml, path: [] }, {
    path: 'policy',
    code: 'policy_not_named',
    severity: 'warning',
    message: `${input.display(path.join(input.rootDir, name))} is beside the config but not loaded: the config has no \`policy:\`, so no tool call is judged by its rules. Add \`policy: ${name}\` to use it, \`policy: false\` to run without one, or move the file away`,
  });
}

/**
 * Whether the packs are needed: the config names its own (`adversarial_packs:`, checked even
 * when unused), or a suite or case has an `adversarial:` key. Otherwise the shipped ones go unread.
 */
function asksForPacks(config: CheckedFile<WrittenConfig>, suites: readonly { checked: CheckedFile<WrittenSuite> }[]): boolean {
  if (hasKey(config.data, 'adversarial_packs')) return true;
  return suites.some(({ checked }) => {
    // A text that cannot hold the key asks for none: its cases are not gone through (~5 ms for 10,000 of them).
    if (!mayHoldKey(checked.yaml, 'adversarial')) return false;
    const cases = hasKey(checked.data, 'cases') ? (checked.data as { cases: unknown }).cases : undefined;
    return hasKey(checked.data, 'adversarial') || (Array.isArray(cases) && cases.some((kase) => hasKey(kase, 'adversarial')));
  });
}

/** A file's value once no error was found; a missing one then is a bug, not a user's mistake. */
function valid<T>(value: T | undefined): T {
  if (value === undefined) throw new InternalError('a file without errors has no value');
  return value;
}

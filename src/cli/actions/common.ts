/** Small pieces the actions share. */
import { checkConfig, findConfigFile, loadConfig, type CheckedConfig, type LoadOptions, type ResolvedConfig } from '../../config/index.js';
import type { ConfigIssue } from '../../errors.js';
import { namesRedactionChanges } from '../../common/redacted-names.js';
import { BUILD_ID } from '../build-id.js';
import { envSwitchSet } from '../env-switch.js';
import { colorOn, writeError } from '../print.js';
import { shownPath } from '../../config/shown-path.js';
import { useConfigFlag } from '../../config/command-hint.js';
import { configFlagFor } from '../../config/config-flag.js';

/**
 * Prints non-fatal findings (a policy rule naming no declared tool, ...) on stderr. Their
 * formatter (and chalk) is loaded only when there is one: most runs have none.
 */
export async function printWarnings(warnings: readonly ConfigIssue[]): Promise<void> {
  if (warnings.length === 0) return;
  const { formatConfigIssues } = await import('../../report/format-issues.js');
  writeError(formatConfigIssues([...warnings], { color: colorOn(process.stderr), cwd: process.cwd() }));
}

/**
 * Loads the config for a command, saying so when it falls back to the bundled example;
 * `agentless`: the command starts no agent (an unset `${NAME}` under `target` is no error); `onSettings` hears what the config file says before the suites load, and `cacheWrites` takes
 * the suite cache's writes, for the command to make later (loadConfig's `cache.later`).
 */
export async function loadConfigFor(globals: Globals, early: Pick<LoadOptions, 'onSettings' | 'agentless'> & { cacheWrites?: (job: () => void) => void } = {}): Promise<ResolvedConfig> {
  const cwd = process.cwd();
  hintsName(globals);
  const cache = cacheOf(globals);
  const { onSettings, cacheWrites, agentless } = early;
  return said(globals, await loadConfig({
    cwd, configPath: globals.config, env: process.env, names: namesRedactionChanges, cache: cache && cacheWrites ? { ...cache, later: cacheWrites } : cache, ...(onSettings ? { onSettings } : {}), ...(agentless ? { agentless } : {}),
  }));
}

/**
 * As loadConfigFor, for `validate`: checkConfig skips the fingerprints it would never read, and
 * imports the custom scorer modules, as eval does before its first case, and parses (never imports) a module target's agent module.
 */
export async function checkConfigFor(globals: Globals): Promise<CheckedConfig> {
  hintsName(globals);
  return said(globals, await checkConfig({ cwd: process.cwd(), configPath: globals.config, env: process.env, names: namesRedactionChanges, cache: cacheOf(globals), importScorers: true, parseAgentModule: true }));
}

type Globals = { config?: string; cache?: boolean };

/** Every hint from here on names `--config <file>` when the config given is not the one agentready finds from here (its problems' hints included). */
function hintsName(globals: Globals): void {
  useConfigFlag(configFlagFor(globals.config, process.cwd()));
}

/**
 * The cache of checked suites (.agentready/cache/), unless `--no-cache` or AGENTREADY_NO_CACHE
 * (set, and not empty, `0`, `false`, `no` or `off`: `envSwitchSet`) turns it off; a CLI run unbundled has no build id to key it with.
 */
function cacheOf(globals: Globals): LoadOptions['cache'] {
  const off = globals.cache === false || envSwitchSet(process.env.AGENTREADY_NO_CACHE);
  return off || BUILD_ID === undefined ? undefined : { buildId: BUILD_ID };
}

// The config, once the fallback to the bundled example and the warnings are printed.
async function said<C extends CheckedConfig>(globals: { config?: string }, config: C): Promise<C> {
  const cwd = process.cwd();
  if (!globals.config && config.file && !findConfigFile(cwd)) {
    writeError(`agentready: no agentready.config.yaml here or above; using the bundled example (${shownPath(config.file, cwd)})\n`);
  }
  await printWarnings(config.warnings);
  return config;
}

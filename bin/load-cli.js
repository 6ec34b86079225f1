// How bin/agentready.js loads the CLI (docs/architecture.md, "The build"), apart from it so that
// `agentready --version` reads none of this; scripts/bench-child.js loads the CLI through it too.
// The CLI as one CommonJS script (dist/cli-script/main.cjs), compiled with V8's code cache of it,
// made at the end of the first run of each command that did its job, exit 0 or 1 (so it holds
// the functions the command ran, not only the top level or a bad input's path) and read by every
// later run. Node 20 has no compile cache of its own; on Node 22 and 24 this starts sooner than the ES-module bundle with Node's compile cache
// (`validate` of one case: 150-160 ms against 200-210, CPU 90-100 ms against 120-130).
// NODE_DISABLE_COMPILE_CACHE=1, source maps on (a vm script gets none) or no script built: the
// ES-module bundle (dist/cli-bundle/), compiled on each run.
// The caches live in one folder per user, made 0700 (cacheFolder): a cache is code this process
// runs, so a folder another user could write to is never read.
'use strict';
const { accessSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

/** The CLI's module: `{ main }`. */
function loadCli() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return import('../dist/cli-bundle/main.js');
  const folder = cacheFolder();
  const cli = process.sourceMapsEnabled ? undefined : scriptCli(folder);
  if (cli !== undefined) return Promise.resolve(cli);
  enableNodeCompileCache(folder);
  return import('../dist/cli-bundle/main.js');
}

/**
 * Node 22.1+ keeps the compiled code of what its own loader loads from here on (tsx, a user's
 * agent and handler modules, the ES-module bundle when it runs), in the same folder; not in a run
 * that makes the script's cache (scriptCli).
 */
function enableNodeCompileCache(folder) {
  const nodeModule = require('node:module');
  if (!nodeModule.enableCompileCache || process.env.NODE_COMPILE_CACHE || folder === undefined) return;
  try {
    nodeModule.enableCompileCache(folder);
  } catch {
    // No cache: compiled on each run.
  }
}

const SCRIPT = join(__dirname, '../dist/cli-script/main.cjs');
/** The script's first line, written by scripts/build-cli.js: the sha256 of its text. */
const KEY_LINE = /^\/\/ agentready script key: ([0-9a-f]{64})\n/;

/** The CLI script, run with its code cache in `folder` when there is a usable one; undefined when there is no script. */
function scriptCli(folder) {
  let source;
  let stats;
  try {
    const fd = openSync(SCRIPT, 'r');
    try {
      stats = fstatSync(fd);
      // ASCII (scripts/bundle.js): read as Latin-1, V8's one-byte strings.
      source = readFileSync(fd, 'latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const vm = require('node:vm');
  // All zeros: the build stopped before it keyed the text (scripts/build-cli.js), so no cache.
  const key = KEY_LINE.exec(source.slice(0, 100))?.[1]?.replace(/^0{64}$/, '') || undefined;
  const cacheFile = folder === undefined || key === undefined ? undefined : join(folder, cacheName(key, stats));
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  // V8 checks a cache against its own version, its flags and the text's length, and compiles the
  // text when any differs (cachedDataRejected): a cache never changes what runs, only how soon.
  // The script is one function expression (scripts/build-cli.js), called as Node calls a module's.
  const script = new vm.Script(source, { filename: SCRIPT, cachedData });
  const makesCache = cacheFile !== undefined && (cachedData === undefined || (script.cachedDataRejected && rewritable(cacheFile)));
  // Node's compile cache makes a module's cache under the flags of the moment: one made while
  // keepBytecode holds, every later run would reject (and make again). A run that makes the
  // script's cache compiles the modules it loads (a user's agent, tsx) without Node's.
  if (makesCache) keepBytecode(true);
  else enableNodeCompileCache(folder);
  const cli = { exports: {} };
  const run = script.runInThisContext();
  run.call(cli.exports, cli.exports, require('node:module').createRequire(SCRIPT), cli, SCRIPT, dirname(SCRIPT), (specifier) => import(specifier));
  if (makesCache) {
    process.once('exit', (code) => {
      // A command that did not do its job (bad input, exit 2; a run that could not complete; Ctrl-C)
      // ran little of its code: its cache would hold that little for every later run to read.
      if (code !== 0 && code !== 1) return;
      // Nor one ended before its command had (a process.exit of a user's module, which the CLI makes exit 3 after this listener).
      if (cli.exports.commandEnded?.() === false) return;
      // The flags the command changed would be in the cache's hash: set them back first.
      keepBytecode(false);
      cli.exports.restoreHeapFlags?.();
      writeCache(cacheFile, script);
    });
  }
  return cli.exports;
}

/**
 * Whether V8 keeps the bytecode of functions that have not run for a while: on for a run that
 * makes the cache, from once the script is compiled (the flag is in the hash V8 checks a cache
 * against) to just before the cache is made. V8 drops a function's bytecode once it has not run
 * for 5 major collections (6 on Node 22 and 24, --bytecode-old-age), and the cache holds only the
 * functions compiled as it is made: a first run long enough for that (a long eval, an agent that
 * allocates) left out ~30-40% of the start-up code, and every later run compiled it again (Node 20,
 * a first eval of 100,000 module cases: a cache of 1.32 MB against 1.97, a later eval of 20 cases
 * ~+95 ms CPU and +7 MiB). V8 reads the flag at each major collection: it holds from here on (Node 20, 22, 24).
 */
function keepBytecode(keep) {
  require('node:v8').setFlagsFromString(keep ? '--no-flush-bytecode' : '--flush-bytecode');
}

/**
 * The cache in `cacheFile`, or undefined (none yet, or not one to run: this run makes it in its
 * place). Only a file of this user's that no one else may write, opened without following a link:
 * the folder's check (cacheFolder) was made before, and a file is judged as it is read.
 */
function readCache(cacheFile) {
  let fd;
  try {
    // Non-blocking: a FIFO in the file's place would hold the open until something wrote to it.
    fd = openSync(cacheFile, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stats.isFile() || (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o022) !== 0))) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The folder of this user's caches, `<os temp>/agentready-cache-<uid>`, or undefined: it must be a
 * folder (not a link) of this user's that no one else may write (no group/other write bit: 0700 as it
 * is made, or a 0755 one made beforehand), or
 * another user could put code there that this one's process would run; and so must every folder
 * above it be (root's may be; one others may write needs the sticky bit, as /tmp has), or they
 * could rename it and put theirs in its place. Anything else, or a temp folder that cannot be
 * written, is no cache. Windows' temp folder is the user's own.
 */
function cacheFolder() {
  const uid = process.getuid?.();
  try {
    // The real path: a link on the way could be pointed elsewhere once checked.
    const temp = uid === undefined ? require('node:os').tmpdir() : realpathSync(require('node:os').tmpdir());
    if (uid !== undefined && !onlyTheirs(temp, uid)) return undefined;
    const folder = join(temp, uid === undefined ? 'agentready-cache' : `agentready-cache-${uid}`);
    try {
      // Not `recursive`: Node's recursive mkdir spins on some unwritable parents (/proc/self).
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return undefined;
    // Others' writing could plant code; their reading cannot (the cache holds only agentready's own compiled code): 0755 is as safe as 0700.
    if (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o022) !== 0)) return undefined;
    // Node 22 spins forever on a compile cache folder it cannot write (a read-only file system).
    accessSync(folder, constants.W_OK);
    return folder;
  } catch {
    return undefined;
  }
}

/** Whether `folder` (a real path) and every folder above it are the user's or root's, and none but they can rename what is in it. */
function onlyTheirs(folder, uid) {
  for (let at = folder; ; at = dirname(at)) {
    const stats = lstatSync(at);
    if (stats.uid !== uid && stats.uid !== 0) return false;
    if ((stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0) return false;
    if (dirname(at) === at) return true;
  }
}

/**
 * One cache per script text, script file, Node version, platform, Node and V8 options (they are
 * in V8's flag hash: a CI job with its own NODE_OPTIONS keeps its own cache), and command: each
 * holds the functions its command ran. The file (its inode, size and times): V8 checks a cache
 * against the text's length only, and the key line is the text the build wrote; a copy edited
 * in place (patch-package, a debugging session) keeps both, and would run the other's code.
 */
function cacheName(key, stats) {
  const command = commandOf(process.argv.slice(2));
  const file = [stats.dev, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs];
  const options = fnv1a(JSON.stringify([process.execArgv, process.env.NODE_OPTIONS ?? '', file]));
  return `script-${key.slice(0, 20)}-${INSTALL}-${process.version}-${process.platform}-${process.arch}-${options}-${/^[a-z][a-z-]{0,29}$/.test(command) ? command : 'other'}.cache`;
}

/** The install, named by the script's path (a real path: require resolved the links to this file): a cache of it with another key is of a text it no longer has. */
const INSTALL = fnv1a(SCRIPT);
/** A cache's name (cacheName): its key, and its install. */
const CACHE_NAME = /^script-([0-9a-f]{20})-([0-9a-z]{1,7})-v\d[\w.-]*\.cache$/;

/**
 * The command of a command line: its first word that is neither an option nor the value of the one
 * global option that takes one (`agentready -c ci.yaml eval`: eval). 'none' for help (`--help`
 * alone, or a command's, which runs none of the command's code) and for no command.
 */
function commandOf(args) {
  if (args.includes('--help') || args.includes('-h')) return 'none';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '--config') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return 'none';
}

/** A short hash of a text: a name, not a check (the folder is the user's own). */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/**
 * A rejected cache is made again only once it is an hour old: a rejection the name did not
 * foresee (a V8 flag set some other way) would otherwise cost every run a write.
 */
function rewritable(cacheFile) {
  try {
    return Date.now() - statSync(cacheFile).mtimeMs > 3600_000;
  } catch {
    return true;
  }
}

/**
 * V8's cache of the script as it is now (every function compiled so far), written to a temporary
 * file of this process renamed over the cache: a concurrent run (shards, parallel jobs) reads the
 * old cache or the new, never half of one. Any failure leaves the command as it was. Then the
 * folder is pruned (pruneCaches): only here, where a run writes a cache anyway.
 */
function writeCache(cacheFile, script) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData(), { flag: 'wx', mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    return;
  }
  pruneCaches(cacheFile);
}

const DAY = 24 * 3600_000;

/**
 * Takes out of the folder the files of ours (named as cacheName and writeCache name them, regular
 * files, not links) that no run will read again:
 * - a cache of this install with another key: this script file's text changed (a rebuild, an
 *   upgrade in place), so the cache of its old text is never read again;
 * - a cache unused for a week: another install's, Node's, options' or command's that no one runs
 *   (an uninstalled copy, npx's folder of an old version). Its last use is its last read (atime,
 *   which the kernel brings up to date at least daily, relatime) or write: another install in use
 *   beside this one keeps its caches, and one on a file system that keeps no atime makes a cache
 *   again once a week;
 * - a temporary file over an hour old: a write cut short (a write takes milliseconds).
 * Anything else (Node's compile cache folder, files of other names) stays.
 */
function pruneCaches(cacheFile) {
  const folder = dirname(cacheFile);
  const [, key] = CACHE_NAME.exec(basename(cacheFile)) ?? [];
  let names;
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const temp = /^script-.+\.cache\.\d+\.tmp$/.test(name);
    if (!temp && !/^script-.+\.cache$/.test(name)) continue;
    try {
      const file = join(folder, name);
      const stats = lstatSync(file);
      if (!stats.isFile()) continue;
      // (An older agentready's names hold no install: they go by age.)
      const [, itsKey, install] = CACHE_NAME.exec(name) ?? [];
      const stale = temp ? now - stats.mtimeMs > 3600_000 : (install === INSTALL && itsKey !== key) || now - Math.max(stats.atimeMs, stats.mtimeMs) > 7 * DAY;
      if (stale) unlinkSync(file);
    } catch {
      // Gone already (a concurrent run's pruning), or not ours to remove: the next.
    }
  }
}

module.exports = { loadCli };

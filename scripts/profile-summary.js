// node scripts/profile-summary.js [--by module|function] [--top N] [--anchor NAME] <file.cpuprofile>...
//
// The case phase of `node --cpu-prof` profiles of eval (AGENTREADY_NO_CACHE=1; --cpu-prof-interval
// 200 gives ~5x the samples of the default 1 ms), summed over the files: the share of the main
// thread's busy samples each source module of the CLI script took (--by module, the default: the
// `// src/…` comment esbuild writes before each module's code in dist/cli-script/main.cjs, read
// from the file the profile names) or each function (--by function), self time, top N (30).
// The case phase: from the first to the last sample with NAME on the stack (--anchor, runAttempt).
// Each sample counts as one, not as its time delta: on a loaded host the sampler thread is delayed,
// and the delta of the sample after a stall (up to 40 ms seen, against a median of 0.3) was charged
// to whatever ran then (42 ms of a 10,000-case stdio profile to perf_hooks' GC observer, for 52
// collections in the run). Idle samples are counted apart: busy share = busy ÷ all in the phase.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const KNOWN = { '--by': ['module', 'function'], '--top': 'count', '--anchor': 'name' };
const options = { by: 'module', top: 30, anchor: 'runAttempt' };
const files = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--help' || arg === '-h') {
    const header = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
    process.stdout.write(`${header.slice(0, header.findIndex((line) => !line.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n')}\n`);
    process.exit(0);
  }
  if (!arg.startsWith('--')) {
    files.push(arg);
    continue;
  }
  const kind = KNOWN[arg];
  const value = args[++i];
  const wrong =
    kind === undefined ? `unknown option ${arg}` : value === undefined ? `${arg} needs a value` : Array.isArray(kind) && !kind.includes(value) ? `${arg} ${value}: ${kind.join(' or ')}` : kind === 'count' && !(Number.isInteger(Number(value)) && Number(value) > 0) ? `${arg} ${value}: a whole number, 1 or more` : undefined;
  if (wrong !== undefined) {
    process.stderr.write(`profile-summary: ${wrong} (--help for the usage)\n`);
    process.exit(2);
  }
  options[arg.slice(2)] = kind === 'count' ? Number(value) : value;
}
if (files.length === 0) {
  process.stderr.write('profile-summary: no .cpuprofile given (--help for the usage)\n');
  process.exit(2);
}

/** The module of each line of a bundle, from esbuild's `// src/…` (or node_modules/…) comments; undefined when the file cannot be read. */
const modulesOf = new Map();
function moduleAt(url, line) {
  if (!modulesOf.has(url)) {
    let starts;
    try {
      starts = [];
      readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'latin1')
        .split('\n')
        .forEach((text, at) => {
          const module = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(text)?.[1];
          if (module !== undefined) starts.push({ at, module });
        });
    } catch {
      starts = undefined;
    }
    modulesOf.set(url, starts?.length ? starts : undefined);
  }
  const starts = modulesOf.get(url);
  if (starts === undefined) return undefined;
  let low = 0;
  let high = starts.length - 1;
  let found;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle].at <= line) {
      found = starts[middle].module;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

const counts = new Map();
let busy = 0;
let idle = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const underAnchor = new Map();
  const anchored = (id) => {
    if (!underAnchor.has(id)) underAnchor.set(id, nodes.get(id).callFrame.functionName === options.anchor || (parents.has(id) && anchored(parents.get(id))));
    return underAnchor.get(id);
  };
  const first = profile.samples.findIndex(anchored);
  const last = profile.samples.findLastIndex(anchored);
  if (first === -1) {
    process.stderr.write(`profile-summary: ${file} has no sample under ${options.anchor}\n`);
    continue;
  }
  for (const id of profile.samples.slice(first, last + 1)) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') {
      idle++;
      continue;
    }
    busy++;
    // Outside the bundle (Node's own modules): the file, and by function its line too.
    const file = url.replace(/^file:\/\/.*\//, '');
    const where = url === '' ? '' : (moduleAt(url, lineNumber) ?? (options.by === 'module' ? file : `${file}:${lineNumber + 1}`));
    const key = options.by === 'module' ? where || functionName : `${functionName || '(anonymous)'}${where === '' ? '' : `  ${where}`}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
if (busy === 0) process.exit(1);
console.log(`case phase (${options.anchor} on the stack) of ${files.length} profile(s): ${busy} busy samples, ${idle} idle (busy ${((100 * busy) / (busy + idle)).toFixed(1)}%)`);
for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, options.top)) console.log(`${((100 * count) / busy).toFixed(1).padStart(5)}%  ${key}`);

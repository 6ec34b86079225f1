/**
 * A user's regular expression (a matcher's `regex`, an output check's `regex`, a reply's `when`):
 * how it compiles at run time, and why it does not, for validate. One owner, so what validate
 * accepts is what the run compiles (with the `u` flag: `\-` or a lone `{` is an error there).
 *
 * It is tested on what an agent sent, and a pattern that repeats a group (`(a+)+$`, `(a|aa)*`)
 * can backtrack catastrophically on a text made for it: one synchronous call that held the whole
 * run at full CPU for ever, deaf to SIGTERM. Such a pattern is tested in a worker thread while
 * this one waits at most `USER_REGEX_MS`: past it the worker is ended and the text counts as not
 * matching. (V8's linear-time engine is no way out: its `--enable-experimental-regexp-engine…`
 * flags are process-wide, and redaction's own scans of long texts fell back to it too, 40×
 * slower and out of memory.) A pattern that repeats no group is tested here, as fast as ever.
 */
import { Worker } from 'node:worker_threads';

/** How long a pattern that repeats a group may take on one text before it counts as not matching. */
export const USER_REGEX_MS = 1000;
/** The longest wait for a worker to start (a new isolate, ~30 ms; far more on a loaded machine). */
const WORKER_START_MARGIN_MS = 5000;

/** The pattern compiled as the run compiles it; throws a SyntaxError when it does not compile. */
export function userRegex(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** Why the pattern does not compile; undefined when it does. */
export function regexProblem(pattern: string): string | undefined {
  try {
    userRegex(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A group repeated (`(…)+`, `(…)*`, `(…){n,}`): what backtracks catastrophically when the group can match in several ways. */
const REPEATED_GROUP = /\)[*+{]/;

/** A pattern compiled, and whether it is tested in the worker (it repeats a group). */
type Compiled = { kind: 'here'; regex: RegExp } | { kind: 'worker' } | { kind: 'invalid'; error: Error };

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  try {
    const regex = userRegex(pattern);
    return REPEATED_GROUP.test(pattern) ? { kind: 'worker' } : { kind: 'here', regex };
  } catch (error) {
    return { kind: 'invalid', error: error instanceof Error ? error : new SyntaxError(String(error)) };
  }
}

/** Whether `pattern` matches `text`, as the run matches (flag `u`), bounded in time when it repeats a group; throws a SyntaxError when it does not compile. */
export function testUserRegex(pattern: string, text: string): boolean {
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    entry = compile(pattern);
    compiled.set(pattern, entry);
  }
  if (entry.kind === 'invalid') throw entry.error;
  return entry.kind === 'here' ? entry.regex.test(text) : testInWorker(pattern, text);
}

/** `state[0]`: 0 while the worker tests, then the answer; `state[1]`: 1 once the worker runs. */
const MATCHED = 1;
const NOT_MATCHED = 2;

/** The worker (a CommonJS script: `eval` workers are): each message a `{pattern, text}` to test, its answer in shared memory. */
const REGEX_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const state = workerData;
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
parentPort.on('message', ({ pattern, text }) => {
  Atomics.store(state, 0, new RegExp(pattern, 'u').test(text) ? ${MATCHED} : ${NOT_MATCHED});
  Atomics.notify(state, 0);
});
`;

let running: { worker: Worker; state: Int32Array; started: boolean } | undefined;

/** The test in the worker, this thread waiting for it; past `USER_REGEX_MS` the worker is ended (the next test starts another) and the text does not match. */
function testInWorker(pattern: string, text: string): boolean {
  if (running === undefined) {
    const state = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(REGEX_WORKER, { eval: true, workerData: state });
    worker.unref();
    worker.on('error', () => undefined);
    running = { worker, state, started: false };
  }
  const { worker, state } = running;
  // Its start (a new isolate) is not the pattern's time: waited for apart.
  if (!running.started) Atomics.wait(state, 1, 0, WORKER_START_MARGIN_MS);
  running.started = true;
  Atomics.store(state, 0, 0);
  worker.postMessage({ pattern, text });
  if (Atomics.wait(state, 0, 0, USER_REGEX_MS) === 'timed-out') {
    running = undefined;
    void worker.terminate();
    return false;
  }
  return Atomics.load(state, 0) === MATCHED;
}

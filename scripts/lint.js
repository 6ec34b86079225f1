// `npm run lint`: eslint over src/ and test/, and tsc's check of the tests (tsconfig.test.json),
// at once. Each is one thread: one after the other, CI's second core waited ~7 s of eslint for
// nothing (docs/architecture.md). Each one's output is printed whole when both have ended,
// eslint's first; the lint fails when either does.
//
// The tests' check is `tsc -b`: tsconfig.test.json references tsconfig.json, so src/ is checked
// by its own project (the build's, up to date after `npm run build`, checked and emitted again when
// a file of src/ is newer) and the tests against src/'s .d.ts, not src/ a second time (a fresh
// check reads 42.8k lines of TypeScript instead of 84.9k: ~0.65x the time). `tsc -b` judges a
// project up to date by its files' times, not its dependencies' types: after an install
// (node_modules/.package-lock.json newer than the build's state) both projects are checked again
// (--force), src/ against the new types.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';

const color = process.stdout.isTTY === true;
const checks = [
  `eslint src test --max-warnings 0${color ? ' --color' : ''}`,
  `tsc -b tsconfig.test.json${installedSinceChecked() ? ' --force' : ''}${color ? ' --pretty' : ''}`,
];

const results = await Promise.all(checks.map((command) => run(command)));
for (const { output } of results) process.stdout.write(output);
for (const [index, { code }] of results.entries()) {
  if (code !== 0) process.stderr.write(`lint: \`${checks[index]}\` failed (exit ${code})\n`);
}
process.exitCode = results.every(({ code }) => code === 0) ? 0 : 1;

/** Runs `command` in a shell (npm puts node_modules/.bin on its PATH); its stdout and stderr, as they came, and its exit code. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => resolve({ output: `${error.message}\n`, code: 1 }));
    child.on('close', (code, signal) => resolve({ output: Buffer.concat(chunks).toString(), code: code ?? signal }));
  });
}

/**
 * Whether the dependencies may have changed since src/ was last checked: installed after the
 * build's state was written, or no record of the install (not npm's node_modules). No state yet:
 * `tsc -b` checks everything anyway.
 */
function installedSinceChecked() {
  const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  const checked = mtime('dist/tsconfig.tsbuildinfo');
  if (checked === undefined) return false;
  const installed = mtime('node_modules/.package-lock.json');
  return installed === undefined || installed > checked;
}

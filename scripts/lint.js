// `npm run lint`: eslint over src/ and test/, and tsc's check of the tests with the sources
// (tsconfig.test.json), at once. Each is one thread: one after the other, CI's second core waited
// ~7 s of eslint for nothing (docs/architecture.md). Each one's output is printed whole when both
// have ended, eslint's first; the lint fails when either does.
import { spawn } from 'node:child_process';

const color = process.stdout.isTTY === true;
const checks = [
  `eslint src test --max-warnings 0${color ? ' --color' : ''}`,
  `tsc -p tsconfig.test.json${color ? ' --pretty' : ''}`,
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

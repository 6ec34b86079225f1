// Every test's temporary folders go in one folder per `vitest run`, removed when the run ends:
// os.tmpdir() reads TMPDIR, and the test workers and the CLIs they spawn inherit it. A test that
// forgets to clean up (or is killed before it can) leaves nothing behind in the system's /tmp.
//
// NODE_EXTRA_CA_CERTS goes too, for the same run: Node reads and parses that certificate file as
// every process starts, whether or not it ever opens a TLS connection (/etc/ssl/certs'
// bundle: ~50 ms of CPU a start, `node -e 0` 0.07 s of CPU with it, 0.02 s without), and the
// tests start Node processes by the hundreds (each CLI run, its agent, npm, tsc: 68 for
// test/e2e/lifecycle.test.ts alone) that talk to nothing but 127.0.0.1, without TLS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Sets `name` in process.env (deletes it for undefined); a function that puts back what was there. */
function setEnv(name: string, value: string | undefined): () => void {
  const previous = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  return () => {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  };
}

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'agentready-tests-'));
  const restore = [setEnv('TMPDIR', folder), setEnv('NODE_EXTRA_CA_CERTS', undefined)];
  return () => {
    for (const undo of restore) undo();
    rmSync(folder, { recursive: true, force: true });
  };
}

// Every test's temporary folders go in one folder per `vitest run`, removed when the run ends:
// os.tmpdir() reads TMPDIR, and the test workers and the CLIs they spawn inherit it. A test that
// forgets to clean up (or is killed before it can) leaves nothing behind in the system's /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(join(tmpdir(), 'agentready-tests-'));
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(folder, { recursive: true, force: true });
  };
}

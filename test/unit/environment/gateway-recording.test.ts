import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CassetteRecording } from '../../../src/environment/gateway/recording.js';

describe('CassetteRecording.write', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names a cassette it could not write relative to the current folder, as every message names a path', async () => {
    const project = mkdtempSync(join(tmpdir(), 'agentready-recording-'));
    try {
      // A file where the cassettes' folder should be: the folder cannot be made.
      writeFileSync(join(project, 'cassettes'), '');
      vi.spyOn(process, 'cwd').mockReturnValue(project);
      const recording = new CassetteRecording({ file: join(project, 'cassettes', 'shop', 'a.json'), suite: 'shop', caseId: 'a', settings: { redact: (call) => call, splitSecrets: (pieces) => [...pieces] } });
      const failure = await recording.write();
      expect(failure?.code).toBe('CASSETTE_WRITE');
      expect(failure?.message).toMatch(/^could not write the cassette cassettes\/shop\/a\.json: ENOTDIR/);
      expect(failure?.message).not.toContain(project);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

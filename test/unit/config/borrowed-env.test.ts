import { describe, expect, it } from 'vitest';
import { userEnv, withEnvSet } from '../../../src/config/borrowed-env.js';
import { loadSpawner, spawnPiped } from '../../../src/adapters/child-spawn.js';
import { ExecAdapter } from '../../../src/adapters/exec.js';
import type { ToolHost } from '../../../src/adapters/adapter.js';
import { runParams } from '../../helpers/run-params.js';

// Returns what a spawned node prints of its TSX_DISABLE_CACHE.
async function childSees(env: Record<string, string> | undefined): Promise<string> {
  await loadSpawner();
  const { process: child, ended } = spawnPiped({ file: process.execPath, args: ['-e', 'process.stdout.write(process.env.TSX_DISABLE_CACHE ?? "unset")'], cwd: process.cwd(), env });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end();
  await ended;
  return out;
}

describe('variables agentready sets for itself', () => {
  it('are not given to an agent spawned while they are set (its environment is the user\'s)', async () => {
    const seen = await withEnvSet({ name: 'TSX_DISABLE_CACHE', value: '1' }, async () => {
      expect(process.env.TSX_DISABLE_CACHE).toBe('1');
      return [await childSees(undefined), await childSees({ OTHER: 'x' })];
    });
    expect(seen).toEqual(['unset', 'unset']);
    expect(process.env.TSX_DISABLE_CACHE).toBeUndefined();
  });

  it('are not given to an exec agent\'s case spawned while they are set, and its own env is', async () => {
    const program = `process.stdin.resume().on('end',()=>console.log(JSON.stringify({ outcome: 'completed', output: [process.env.TSX_DISABLE_CACHE ?? 'unset', process.env.MINE] })));`;
    const adapter = new ExecAdapter({ adapter: 'exec', command: [process.execPath, '-e', program], env: { MINE: 'kept' } }, { rootDir: '.', concurrency: 1, workers: 1, startTimeoutMs: 1000 });
    const host: ToolHost = { callTool: () => Promise.reject(new Error('exec hosts no tools')), requestApproval: async () => ({ approved: false }), recordUsage: () => undefined };
    await adapter.start(new AbortController().signal);
    const result = await withEnvSet({ name: 'TSX_DISABLE_CACHE', value: '1' }, () => adapter.run(runParams({ input: 'hi', timeout_ms: 5000 }), { host, signal: new AbortController().signal }));
    expect(result).toMatchObject({ outcome: 'completed', output: ['unset', 'kept'] });
  });

  it('keep what the user set, and hand it on', async () => {
    process.env.TSX_DISABLE_CACHE = '0';
    try {
      const seen = await withEnvSet({ name: 'TSX_DISABLE_CACHE', value: '1' }, async () => [process.env.TSX_DISABLE_CACHE, userEnv().TSX_DISABLE_CACHE, await childSees(undefined)]);
      expect(seen).toEqual(['0', '0', '0']);
      expect(process.env.TSX_DISABLE_CACHE).toBe('0');
    } finally {
      delete process.env.TSX_DISABLE_CACHE;
    }
  });
});

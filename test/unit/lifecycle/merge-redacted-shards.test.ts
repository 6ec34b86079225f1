// merge --no-redact of shards run redacted: refused with each such shard's own command to run it again.
import { describe, expect, it } from 'vitest';
import type { RunSelection } from '../../../src/config/schema/index.js';
import { refuseRedactedShards } from '../../../src/lifecycle/merge-refs.js';
import type { RunRecord } from '../../../src/run/index.js';

const run = (input: { id: string; index: number; redacted?: boolean; selection?: Partial<RunSelection> }): RunRecord =>
  ({
    header: { run_id: input.id, redacted: input.redacted, selection: { repeat: 1, mode: 'normal', ...input.selection, shard: { index: input.index, total: 3 } } },
  }) as unknown as RunRecord;

const refusal = (runs: RunRecord[]): { message: string; hint: string | undefined } => {
  try {
    refuseRedactedShards(runs, { redact: false });
  } catch (error) {
    return { message: (error as Error).message, hint: (error as { hint?: string }).hint };
  }
  throw new Error('not refused');
};

describe('refuseRedactedShards', () => {
  it('names each redacted shard and the command that runs it again as written, its i/n its own', () => {
    const { message, hint } = refusal([run({ id: 'r1', index: 1, redacted: false }), run({ id: 'r2', index: 2, redacted: true }), run({ id: 'r3', index: 3, redacted: true })]);
    expect(message).toContain('merge --no-redact: shard runs r2, r3 were made redacted');
    expect(hint).toBe('merge without --no-redact (every shard is then written redacted alike), or run those shards again with `agentready eval --no-redact --shard 2/3`, `agentready eval --no-redact --shard 3/3`');
  });

  it('says the flags of a narrowed matrix go with the command', () => {
    const { hint } = refusal([run({ id: 'r1', index: 1, redacted: true, selection: { tags: ['money'] } })]);
    expect(hint).toMatch(/run that shard again with `agentready eval --no-redact --shard 1\/3`, with the other flags the shards ran with$/);
  });

  it('refuses nothing for a redacted merge, or of shards as written or from before runs recorded it', () => {
    expect(() => refuseRedactedShards([run({ id: 'r1', index: 1, redacted: true })], { redact: true })).not.toThrow();
    expect(() => refuseRedactedShards([run({ id: 'r1', index: 1, redacted: false }), run({ id: 'r2', index: 2 })], { redact: false })).not.toThrow();
  });
});

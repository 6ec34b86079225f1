// The group reaper's list: on the end of its pipe it kills the groups still listed — every process
// in them — and none that agentready said it had killed itself (whose id the system may since
// have given to someone else).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { markDescendants, treeMark, unmarked } from '../../../src/adapters/escaped-descendants.js';
import { spawnGroupReaper } from '../../../src/adapters/group-reaper.js';
import { alive, goneWithin, untilGone } from '../../e2e/helpers/processes.js';

/** Processes a test started: killed after each test. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/**
 * A process group of its own whose leader and a second member sleep: [leader pid, member pid].
 * Without agentready's mark unless `marked`: the reaper kills what carries it whether listed or not.
 * `env` adds variables (another agentready run's mark).
 */
async function sleepingGroup({ marked = false, env = {} }: { marked?: boolean; env?: Record<string, string> } = {}): Promise<[number, number]> {
  const leader = spawn('/bin/sh', ['-c', 'sleep 60 & echo $!; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...(marked ? process.env : unmarked(process.env)), ...env } });
  const member = await new Promise<number>((resolve) => leader.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
  leader.unref();
  started.push(leader.pid!, member);
  return [leader.pid!, member];
}

describe('the group reaper', () => {
  it('kills the groups still listed when its pipe ends, and not those removed', async () => {
    const [kept, removed, last] = [await sleepingGroup(), await sleepingGroup(), await sleepingGroup()];
    const reaper = spawnGroupReaper();
    reaper.add(kept[0]);
    reaper.add(removed[0]);
    reaper.add(last[0]);
    reaper.remove(removed[0]);
    // agentready's death, as the reaper sees it.
    const exited = new Promise((resolve) => reaper.process.once('exit', resolve));
    reaper.process.stdin!.end();
    await exited;
    expect(await goneWithin([...kept, ...last], 2000)).toEqual([true, true, true, true]);
    expect(removed.map(alive)).toEqual([true, true]);
  });

  it.runIf(process.platform === 'linux')('kills what carries agentready\'s mark though no group of it was listed (it left its group: detached, setsid)', async () => {
    markDescendants();
    expect(process.env.AGENTREADY_TREE).toBe(treeMark());
    const escaped = await sleepingGroup({ marked: true });
    const plain = await sleepingGroup();
    // Another agentready run's, at the same time on this machine: its own pid, or this one's reused (another random part).
    const [pid, random] = treeMark()!.split('.');
    const otherRuns = [await sleepingGroup({ env: { AGENTREADY_TREE: `${Number(pid) + 1}.${random}` } }), await sleepingGroup({ env: { AGENTREADY_TREE: `${pid}.${'0'.repeat(random!.length)}` } })];
    const reaper = spawnGroupReaper();
    const exited = new Promise((resolve) => reaper.process.once('exit', resolve));
    reaper.process.stdin!.end();
    await exited;
    await untilGone(escaped); // runs until killed (sleep 60): one left running fails at vitest's test timeout
    // The reaper has exited: what it kills is killed by then (a killed process that is not yet reaped does not read as alive).
    expect([...plain, ...otherRuns.flat()].map(alive)).toEqual([true, true, true, true, true, true]);
  });

  it('ends without killing anything when every group was removed', async () => {
    const group = await sleepingGroup();
    const reaper = spawnGroupReaper();
    reaper.add(group[0]);
    reaper.remove(group[0]);
    const exited = new Promise<number | null>((resolve) => reaper.process.once('exit', resolve));
    reaper.process.stdin!.end();
    expect(await exited).toBe(0);
    expect(group.map(alive)).toEqual([true, true]);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimRun, markRunning, releaseRun, RUNNING_FILE, runningElsewhere } from '../../../src/run/run-lock.js';

const started: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-lock-'));
  folders.push(dir);
  return dir;
}

/** A live process whose command line names agentready, as one the system gave a killed run's pid could (an agent, `vim agentready.config.yaml`). */
async function namedAgentready(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1e6)', 'agentready'], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(child);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return child;
}

describe.runIf(process.platform === 'linux')('running.json', () => {
  it('notes this process and its start, and clears only its own note', () => {
    const dir = folder();
    markRunning(dir);
    const held = JSON.parse(readFileSync(join(dir, RUNNING_FILE), 'utf8')) as { pid: number; host: string; started?: number };
    expect(held).toMatchObject({ pid: process.pid, host: hostname() });
    expect(held.started).toBeTypeOf('number');
    expect(runningElsewhere(dir)).toBeUndefined();
    releaseRun(dir);
    expect(() => readFileSync(join(dir, RUNNING_FILE))).toThrow();
  });

  it('takes a live agentready that started when the note says for the writer', async () => {
    const dir = folder();
    const child = await namedAgentready();
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const startedAt = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    writeFileSync(join(dir, RUNNING_FILE), JSON.stringify({ pid: child.pid, host: hostname(), started: startedAt }));
    expect(runningElsewhere(dir)).toBe(child.pid);
  });

  it('does not take a process that started after the note (the killed writer\'s pid given to another program naming agentready) for the writer', async () => {
    const dir = folder();
    const child = await namedAgentready();
    // The writer started at tick 1 after boot; the process now holding its pid, later.
    writeFileSync(join(dir, RUNNING_FILE), JSON.stringify({ pid: child.pid, host: hostname(), started: 1 }));
    expect(runningElsewhere(dir)).toBeUndefined();
  });

  it('takes over a note a killed process left, leaving nothing beside it', () => {
    const dir = folder();
    writeFileSync(join(dir, RUNNING_FILE), JSON.stringify({ pid: 1, host: hostname(), started: -1 }));
    claimRun(dir);
    expect(JSON.parse(readFileSync(join(dir, RUNNING_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(readdirSync(dir)).toEqual([RUNNING_FILE]);
  });

  it('of two claims that judged the same killed note, the second refuses: it does not take over the first one\'s note', async () => {
    const dir = folder();
    const child = await namedAgentready();
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const first = { pid: child.pid!, host: hostname(), started: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) };
    // A killed run's note: its pid now held by a process that started at another time (no process starts at tick -1).
    writeFileSync(join(dir, RUNNING_FILE), JSON.stringify({ pid: 1, host: hostname(), started: -1 }));
    // This claim judges the note left by a killed process; the first claim then takes it over whole, before this one goes on.
    const second = () => claimRun(dir, { beforeTakeover: () => claimRun(dir, { as: first }) });
    expect(second).toThrow(`agentready (pid ${child.pid}) is writing it`);
    expect(JSON.parse(readFileSync(join(dir, RUNNING_FILE), 'utf8'))).toEqual(first);
    expect(readdirSync(dir)).toEqual([RUNNING_FILE]);
  });
});

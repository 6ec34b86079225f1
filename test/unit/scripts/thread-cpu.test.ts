// scripts/thread-cpu.js reads a thread's CPU time (utime + stime) off a /proc stat line, whose
// second field, the thread's name, may hold spaces and parentheses: npm run bench splits the
// harness's CPU per case between its threads with it.
import { describe, expect, it } from 'vitest';
import { statCpuTicks } from '../../../scripts/thread-cpu.js';

// A main thread's line (Linux 6, Node 22): utime 53 (field 14), stime 12 (field 15), then cutime 7 and cstime 9.
const line = (name: string) => `3907 (${name}) R 3897 3897 31362 0 -1 4194304 2179 0 0 0 53 12 7 9 20 0 11 0 1620034 1129074688 12011 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 17 1 0 0 0 0 0`;

describe('statCpuTicks', () => {
  it('adds utime and stime (fields 14 and 15), not the children\'s (16 and 17)', () => {
    expect(statCpuTicks(line('node'))).toBe(65);
  });

  it('counts the fields from the name\'s last parenthesis: a name with spaces and parentheses shifts nothing', () => {
    expect(statCpuTicks(line('a) R 1 2 3 (b'))).toBe(65);
    expect(statCpuTicks(line(') ) 9 9 9 9 9 9 9 9 9 9 9 9 9'))).toBe(65);
    expect(statCpuTicks(line(' '))).toBe(65);
  });

  it('reads a line as /proc gives it, with its newline', () => {
    expect(statCpuTicks(`${line('node')}\n`)).toBe(65);
  });

  it('is undefined for a line without the fields: no name, cut short, or not numbers', () => {
    expect(statCpuTicks('3907 node R 3897')).toBeUndefined();
    expect(statCpuTicks('3907 (node) R 3897 3897 31362 0 -1 4194304 2179 0 0 0 53')).toBeUndefined();
    expect(statCpuTicks('3907 (node) R 3897 3897 31362 0 -1 4194304 2179 0 0 0 x 12 7 9')).toBeUndefined();
    expect(statCpuTicks('3907 (node) R 3897 3897 31362 0 -1 4194304 2179 0 0 0 -1 12 7 9')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { uncaughtException } from '../../../src/adapters/uncaught-exception.js';
import { excerpt } from '../../../src/common/shorten.js';

describe('uncaughtException: the exception a process died of, and where', () => {
  it('names the site of a message of one line', () => {
    expect(uncaughtException(['Error: boom', `    at run (${process.cwd()}/agent.mjs:3:9)`, '    at node:internal/x:1:1'], excerpt)).toBe('Error: boom (at agent.mjs:3:9)');
  });

  it("names the site of a message of several lines: the stack's frames start after the message's last line", () => {
    const lines = [
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
      '',
      '1 !== 2',
      '',
      `    at check (${process.cwd()}/agent.mjs:7:10)`,
      '    at node:internal/x:1:1',
    ];
    expect(uncaughtException(lines, excerpt)).toBe('AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: (at agent.mjs:7:10)');
  });

  it('says no site when no frame follows the exception line', () => {
    expect(uncaughtException(['Error: boom', 'something else'], excerpt)).toBe('Error: boom');
  });
});

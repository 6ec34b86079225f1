// How a command that never ran reads, for every process agentready starts.
import { describe, expect, it } from 'vitest';
import { notStarted } from '../../../src/adapters/not-started.js';

describe('notStarted', () => {
  it('names the usual cause of ENOENT: no such program, or no such file or folder to run it from', () => {
    expect(notStarted({ code: 'ENOENT', originalMessage: 'spawn agnt ENOENT' }, '/p')).toBe('could not be started (spawn agnt ENOENT): no such program on the PATH, or file or folder from /p');
  });

  it('keeps execa\'s two sentences on one line, so the reason printed last (cut at its first line) is whole', () => {
    const message = 'The "cwd" option is invalid: /p/nope.\nspawn node ENOENT';
    expect(notStarted({ code: 'ENOENT', originalMessage: message }, '/p/nope')).toBe('could not be started (The "cwd" option is invalid: /p/nope.; spawn node ENOENT): no such program on the PATH, or file or folder from /p/nope');
  });
});

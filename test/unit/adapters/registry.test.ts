import { describe, expect, it } from 'vitest';
import { adapters, createAdapter } from '../../../src/adapters/registry.js';
import { StdioAdapter } from '../../../src/adapters/stdio.js';
import { UsageError } from '../../../src/errors.js';

const ctx = { rootDir: '.', concurrency: 1, workers: 1, startTimeoutMs: 1000 };

describe('createAdapter', () => {
  it('builds the stdio adapter', () => {
    expect(Object.keys(adapters)).toEqual(['stdio']);
    expect(createAdapter({ adapter: 'stdio', command: ['node', 'agent.js'] }, ctx)).toBeInstanceOf(StdioAdapter);
  });

  it('refuses a transport that is not built yet', () => {
    expect(() => createAdapter({ adapter: 'http', url: 'http://127.0.0.1:1/' }, ctx)).toThrow(UsageError);
    expect(() => createAdapter({ adapter: 'module', module: './agent.ts' }, ctx)).toThrow(
      'the module adapter is not available yet in this version; use stdio',
    );
  });
});

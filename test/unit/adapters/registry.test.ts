import { describe, expect, it } from 'vitest';
import { ExecAdapter } from '../../../src/adapters/exec.js';
import { HttpAdapter } from '../../../src/adapters/http.js';
import { ModuleAdapter } from '../../../src/adapters/module.js';
import { adapters, createAdapter } from '../../../src/adapters/registry.js';
import { StdioAdapter } from '../../../src/adapters/stdio.js';

const ctx = { rootDir: '.', concurrency: 1, workers: 1, startTimeoutMs: 1000 };

describe('createAdapter', () => {
  it('builds every transport of the spec', () => {
    expect(Object.keys(adapters).sort()).toEqual(['exec', 'http', 'module', 'stdio']);
    expect(createAdapter({ adapter: 'stdio', command: ['node', 'agent.js'] }, ctx)).toBeInstanceOf(StdioAdapter);
    expect(createAdapter({ adapter: 'http', url: 'http://127.0.0.1:1/' }, ctx)).toBeInstanceOf(HttpAdapter);
    expect(createAdapter({ adapter: 'module', module: './agent.ts' }, ctx)).toBeInstanceOf(ModuleAdapter);
    expect(createAdapter({ adapter: 'exec', command: ['node', 'agent.js'] }, ctx)).toBeInstanceOf(ExecAdapter);
  });
});

import { describe, expect, it } from 'vitest';
import { agentStack } from '../../../src/adapters/agent-stack.js';

describe('agentStack', () => {
  const own = ['/opt/agentready/dist/', '/opt/agentready/node_modules/'];

  it("keeps the agent's frames and drops agentready's and node's", () => {
    const stack = [
      'Error: boom in a',
      '    at lookup (/home/me/agent/tools.js:12:5)',
      '    at default (file:///home/me/agent/index.js:4:20)',
      '    at file:///opt/agentready/dist/adapters/module.js:84:68',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at async run (file:///opt/agentready/node_modules/p-queue/dist/index.js:406:36)',
    ].join('\n');
    expect(agentStack(stack, own)).toEqual(['Error: boom in a', '    at lookup (/home/me/agent/tools.js:12:5)', '    at default (file:///home/me/agent/index.js:4:20)']);
  });

  it('names a TypeScript file run from a data: URL by its path', () => {
    const frame = `    at default (data:text/javascript,__filename%3D%22%2Fhome%2Fme%2Fagent.ts%22%3B(()%3D%3E%7B%7D)()%0A?filePath=%2Fhome%2Fme%2Fagent.ts%3Fnamespace%3D757bedd1-42d1:2:917)`;
    expect(agentStack(`Error: x\n${frame}`, own)).toEqual(['Error: x', '    at default (/home/me/agent.ts, compiled (no line numbers))']);
  });

  it('leaves a message line alone even when it mentions a path of agentready', () => {
    expect(agentStack('Error: cannot read /opt/agentready/dist/x.js', own)).toEqual(['Error: cannot read /opt/agentready/dist/x.js']);
  });
});

import { describe, expect, it } from 'vitest';
import { throwSite } from '../../../src/common/throw-site.js';

describe('throwSite: where the agent code threw', () => {
  it("is the first frame in a file of the user's, relative to the current folder", () => {
    const stack = [
      "TypeError: Cannot read properties of undefined (reading 'id')",
      '    at parse (node:internal/json:1:1)',
      '    at Client.send (file:///p/node_modules/openai/core.mjs:10:5)',
      '    at /p/node_modules/.pnpm/x/index.js:3:3',
      '    at runStep (file:///p/src/agent.mjs:12:28)',
      '    at async support (/p/src/support.ts:4:9)',
    ];
    expect(throwSite({ stack, cwd: '/p' })).toBe('src/agent.mjs:12:28');
    expect(throwSite({ stack, cwd: '/p/src' })).toBe('agent.mjs:12:28');
  });

  it('passes over a frame with no file and a compiled data: frame; none found is undefined', () => {
    const stack = ['Error: boom', '    at Array.map (<anonymous>)', '    at data:text/javascript,abc:1:2', '    at /p/a%20b.mjs:2:3'];
    expect(throwSite({ stack, cwd: '/p' })).toBe('a%20b.mjs:2:3');
    expect(throwSite({ stack: ['Error: boom', '    at file:///p/a%20b.mjs:2:3'], cwd: '/p' })).toBe('a b.mjs:2:3');
    expect(throwSite({ stack: stack.slice(0, 3), cwd: '/p' })).toBeUndefined();
    expect(throwSite({ stack: ['Error: boom'], cwd: '/p' })).toBeUndefined();
  });

  it("reads a path holding parentheses (a route group) as the frame's, not its caller's; an anonymous async frame; passes over an eval frame to its caller", () => {
    expect(throwSite({ stack: ['Error: boom', '    at Page (/p/app/(shop)/page.js:4:9)', '    at render (/p/lib/render.js:1:1)'], cwd: '/p' })).toBe('app/(shop)/page.js:4:9');
    expect(throwSite({ stack: ['Error: boom', '    at /p/My Folder (copy)/a.js:1:2'], cwd: '/p' })).toBe('My Folder (copy)/a.js:1:2');
    expect(throwSite({ stack: ['Error: boom', '    at async Promise.all (index 0)', '    at async file:///p/main.mjs:3:1'], cwd: '/p' })).toBe('main.mjs:3:1');
    expect(throwSite({ stack: ['Error: boom', '    at eval (eval at run (/p/a.js:3:1), <anonymous>:1:7)', '    at run (/p/a.js:3:1)'], cwd: '/p' })).toBe('a.js:3:1');
  });
});

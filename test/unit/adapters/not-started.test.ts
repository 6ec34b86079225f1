// How a command that never ran reads, for every process agentready starts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notStarted, typeScriptHint, withTypeScriptHint } from '../../../src/adapters/not-started.js';

describe('notStarted', () => {
  it('names the usual cause of ENOENT: no such program, or no such file or folder to run it from', () => {
    expect(notStarted({ code: 'ENOENT', originalMessage: 'spawn agnt ENOENT' }, '/p')).toBe('could not be started (spawn agnt ENOENT): no such program on the PATH, or file or folder from /p');
  });

  it('keeps execa\'s two sentences on one line, so the reason printed last (cut at its first line) is whole', () => {
    const message = 'The "cwd" option is invalid: /p/nope.\nspawn node ENOENT';
    expect(notStarted({ code: 'ENOENT', originalMessage: message }, '/p/nope')).toBe('could not be started (The "cwd" option is invalid: /p/nope.; spawn node ENOENT): no such program on the PATH, or file or folder from /p/nope');
  });
});

describe('typeScriptHint', () => {
  const nodeStrips = Boolean((process.features as { typescript?: unknown }).typescript);

  it('names a loader for a TypeScript file node runs without one', () => {
    const hint = typeScriptHint(['node', 'src/agent.ts']);
    expect(hint).toBe(nodeStrips ? '' : `; src/agent.ts is TypeScript, which Node ${process.versions.node} does not run by itself: run it through a loader (npm i -D tsx, then command: [node, --import, tsx, src/agent.ts]) or, for an agent module, use target: { adapter: module }, which loads TypeScript itself`);
  });

  it('says nothing for a loader on the command line, another program or a JavaScript file', () => {
    expect(typeScriptHint(['node', '--import', 'tsx', 'agent.ts'])).toBe('');
    expect(typeScriptHint(['npx', 'tsx', 'agent.ts'])).toBe('');
    expect(typeScriptHint(['node', 'agent.mjs'])).toBe('');
    expect(typeScriptHint(['bun', 'agent.ts'])).toBe('');
  });

  it('puts the hint at the end of the headline, after the agent\'s own error and before the quoted lines', () => {
    const message = 'agent exited with code 1 during start-up: TypeError: x\nlast stderr lines:\n  at y';
    const hint = typeScriptHint(['node', 'agent.ts']);
    expect(withTypeScriptHint({ message, command: ['node', 'agent.ts'], cwd: '/p' })).toBe(`agent exited with code 1 during start-up: TypeError: x${hint}\nlast stderr lines:\n  at y`);
    expect(withTypeScriptHint({ message: 'agent exited', command: ['node', 'agent.js'], cwd: '/p' })).toBe('agent exited');
  });
});

describe('withTypeScriptHint on a Node that strips types (22.18+, 24)', () => {
  // This Node as one that strips types, whichever runs the tests.
  const own = Object.getOwnPropertyDescriptor(process.features, 'typescript');
  afterEach(() => {
    if (own) Object.defineProperty(process.features, 'typescript', own);
    else delete (process.features as { typescript?: unknown }).typescript;
  });
  const strips = () => Object.defineProperty(process.features, 'typescript', { value: 'strip', configurable: true, enumerable: true });
  const died = 'agent exited with code 1 during start-up: SyntaxError: Cannot use import statement outside a module (exit 3)\nlast stderr lines:\n  ^^^^^^';

  it('says a .ts file that died at its first import ran as CommonJS, and how to make it a module', () => {
    strips();
    expect(withTypeScriptHint({ message: died, command: ['node', 'src/agent.ts'], cwd: '/p' })).toBe(
      'agent exited with code 1 during start-up: SyntaxError: Cannot use import statement outside a module (exit 3); Node ran src/agent.ts as CommonJS, as the nearest package.json says ("type": "commonjs", which npm init writes): set "type": "module" there, or name the file src/agent.mts\nlast stderr lines:\n  ^^^^^^',
    );
  });

  it('says nothing of another error, a .mts or JavaScript file, another program, or a Node that does not strip types', () => {
    strips();
    expect(withTypeScriptHint({ message: 'agent exited with code 1 during start-up: TypeError: x', command: ['node', 'agent.ts'], cwd: '/p' })).toBe('agent exited with code 1 during start-up: TypeError: x');
    expect(withTypeScriptHint({ message: died, command: ['node', 'agent.mts'], cwd: '/p' })).toBe(died);
    expect(withTypeScriptHint({ message: died, command: ['node', 'agent.js'], cwd: '/p' })).toBe(died);
    expect(withTypeScriptHint({ message: died, command: ['bun', 'agent.ts'], cwd: '/p' })).toBe(died);
    Object.defineProperty(process.features, 'typescript', { value: false, configurable: true, enumerable: true });
    expect(withTypeScriptHint({ message: died, command: ['node', 'agent.ts'], cwd: '/p' })).toBe(died.replace('\n', `${typeScriptHint(['node', 'agent.ts'])}\n`));
  });
});

describe('withTypeScriptHint for a script that is not there', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-not-started-'));
    dirs.push(dir);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  }
  const died = (cwd: string, file: string) => `agent exited with code 1 during start-up: Error: Cannot find module '${join(cwd, file)}' (exit 3)\nlast stderr lines:\n  code: 'MODULE_NOT_FOUND'`;

  it('says a build output may not be built yet: the build script package.json names, the TypeScript source beside it', () => {
    const built = project({ 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }), 'src/agent.ts': 'export {};\n' });
    expect(withTypeScriptHint({ message: died(built, 'dist/agent.js'), command: ['node', 'dist/agent.js'], cwd: built })).toBe(
      `agent exited with code 1 during start-up: Error: Cannot find module '${join(built, 'dist/agent.js')}' (exit 3); dist/agent.js is not there; not built yet? build the agent first (npm run build: package.json's "build" script), or run its source through tsx (npm i -D tsx, then command: [node, --import, tsx, src/agent.ts])\nlast stderr lines:\n  code: 'MODULE_NOT_FOUND'`,
    );
    const unscripted = project({ 'package.json': '{}', 'src/agent.ts': 'export {};\n' });
    expect(withTypeScriptHint({ message: died(unscripted, 'dist/agent.js'), command: ['node', 'dist/agent.js'], cwd: unscripted }).split('\n')[0]).toMatch(/; dist\/agent\.js is not there; not built yet\? run its source through tsx \(npm i -D tsx, then command: \[node, --import, tsx, src\/agent\.ts\]\)$/);
  });

  it('names a missing script that is no build output as missing only; nothing for a module the script imports, or another program', () => {
    const dir = project({ 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }), 'agent.mjs': '' });
    expect(withTypeScriptHint({ message: died(dir, 'agnet.mjs'), command: ['node', 'agnet.mjs'], cwd: dir }).split('\n')[0]).toMatch(/\(exit 3\); agnet\.mjs is not there$/);
    // Its own import of a file that is not there: the script ran, and its error says which.
    expect(withTypeScriptHint({ message: died(dir, 'lib/x.js'), command: ['node', 'agent.mjs'], cwd: dir })).toBe(died(dir, 'lib/x.js'));
    expect(withTypeScriptHint({ message: died(dir, 'dist/agent.js'), command: ['bun', 'dist/agent.js'], cwd: dir })).toBe(died(dir, 'dist/agent.js'));
  });
});

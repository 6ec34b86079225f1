// How a command that never ran reads, for every process agentready starts.
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
    expect(withTypeScriptHint(message, ['node', 'agent.ts'])).toBe(`agent exited with code 1 during start-up: TypeError: x${hint}\nlast stderr lines:\n  at y`);
    expect(withTypeScriptHint('agent exited', ['node', 'agent.js'])).toBe('agent exited');
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
    expect(withTypeScriptHint(died, ['node', 'src/agent.ts'])).toBe(
      'agent exited with code 1 during start-up: SyntaxError: Cannot use import statement outside a module (exit 3); Node ran src/agent.ts as CommonJS, as the nearest package.json says ("type": "commonjs", which npm init writes): set "type": "module" there, or name the file src/agent.mts\nlast stderr lines:\n  ^^^^^^',
    );
  });

  it('says nothing of another error, a .mts or JavaScript file, another program, or a Node that does not strip types', () => {
    strips();
    expect(withTypeScriptHint('agent exited with code 1 during start-up: TypeError: x', ['node', 'agent.ts'])).toBe('agent exited with code 1 during start-up: TypeError: x');
    expect(withTypeScriptHint(died, ['node', 'agent.mts'])).toBe(died);
    expect(withTypeScriptHint(died, ['node', 'agent.js'])).toBe(died);
    expect(withTypeScriptHint(died, ['bun', 'agent.ts'])).toBe(died);
    Object.defineProperty(process.features, 'typescript', { value: false, configurable: true, enumerable: true });
    expect(withTypeScriptHint(died, ['node', 'agent.ts'])).toBe(died.replace('\n', `${typeScriptHint(['node', 'agent.ts'])}\n`));
  });
});

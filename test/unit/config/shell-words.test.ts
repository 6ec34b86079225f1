// A command agentready names in a message is written as a shell would run it: an argument with a
// space or a shell's character in it was joined as is (`node -e setTimeout(()=>{},1e5)`,
// `python3 my agent.py`), which reads as other arguments than the command's.
import { describe, expect, it } from 'vitest';
import { commandLine, shellWord } from '../../../src/config/shell-words.js';

describe('shellWord', () => {
  it('leaves a plain word as it is and single-quotes any other, its own quotes escaped', () => {
    expect(['node', './agents/stdio.mjs', '--import=tsx', '@scope/pkg@1.2', 'a:b,c%d+e'].map(shellWord)).toEqual(['node', './agents/stdio.mjs', '--import=tsx', '@scope/pkg@1.2', 'a:b,c%d+e']);
    expect(shellWord('my agent.py')).toBe("'my agent.py'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('')).toBe("''");
    expect(shellWord('$HOME')).toBe("'$HOME'");
  });
});

describe('commandLine', () => {
  it('joins the words of a command, each as shellWord writes it', () => {
    expect(commandLine(['node', '-e', 'setTimeout(() => {}, 1e5)'])).toBe("node -e 'setTimeout(() => {}, 1e5)'");
    expect(commandLine(['python3', 'my agent.py'])).toBe("python3 'my agent.py'");
    expect(commandLine(['node', 'agent.mjs'])).toBe('node agent.mjs');
  });
});

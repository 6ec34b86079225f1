import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

// What the CLI prints for argv, as main.ts parses it (commander's exitOverride throws after printing).
async function stderrOf(args: string[]): Promise<string> {
  const program = buildProgram(() => {});
  let written = '';
  // Each command holds a copy of the root's output settings.
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program)) command.configureOutput({ writeErr: (text) => (written += text) });
  await expect(program.parseAsync(['node', 'agentready', ...args])).rejects.toThrow();
  return written.split('\n').slice(0, 2).join('\n');
}

describe('an option of a command given before it', () => {
  it('says it goes after the command', async () => {
    expect(await stderrOf(['--grep', 'x', 'eval'])).toBe("agentready: unknown option '--grep'\n  --grep is an option of eval: give it after the command, `agentready eval --grep …`");
    expect(await stderrOf(['--tag=vip', 'eval'])).toBe("agentready: unknown option '--tag=vip'\n  --tag is an option of eval: give it after the command, `agentready eval --tag=vip …`");
    expect(await stderrOf(['--force', 'baseline', 'update'])).toBe("agentready: unknown option '--force'\n  --force is an option of baseline update: give it after the command, `agentready baseline update --force …`");
  });

  it('says nothing of the kind for an option after its command, or no command\'s', async () => {
    expect(await stderrOf(['validate', '--grep', 'x'])).toBe("agentready: unknown option '--grep'\n  run `agentready validate --help` for usage");
    expect(await stderrOf(['--zzz', 'eval'])).toBe("agentready: unknown option '--zzz'\n  run `agentready --help` (or `agentready <command> --help`) for usage");
  });
});

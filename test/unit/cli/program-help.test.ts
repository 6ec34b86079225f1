import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

describe('baseline update --help', () => {
  it('says --force also records a run whose every case ended in one and the same agent error, as the refusal tells the user to', () => {
    const update = buildProgram(() => {}).commands.find((c) => c.name() === 'baseline')!.commands.find((c) => c.name() === 'update')!;
    const force = update.options.find((o) => o.long === '--force')!;
    expect(force.description).toContain('harness errors');
    expect(force.description).toContain('same agent error');
    expect(force.description).toContain('did not finish');
  });
});

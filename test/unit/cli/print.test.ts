import { describe, expect, it } from 'vitest';
import { usageErrorLine } from '../../../src/cli/print.js';

describe('usageErrorLine', () => {
  it("tells commander's invalid choice as the CLI's other unknown names: the value, the one meant, the choices", () => {
    expect(usageErrorLine("error: option '--models <mode>' argument 'repaly' is invalid. Allowed choices are live, record, replay.\n")).toBe(
      'agentready: unknown --models value "repaly" (did you mean replay?)\n  choices: live, record, replay\n',
    );
    expect(usageErrorLine("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, json.\n")).toBe('agentready: unknown --format value "xml"\n  choices: text, markdown, json\n');
  });

  it("words a value its option's parser refused by the parser's reason, without commander's preamble", () => {
    expect(usageErrorLine(`error: option '--repeat <k>' argument 'abc' is invalid. expected a whole number ≥ 1, got "abc"\n`)).toBe('agentready: invalid --repeat: expected a whole number ≥ 1, got "abc"\n');
  });

  it("keeps commander's own suggestion on the agentready: line", () => {
    expect(usageErrorLine("error: unknown option '--concurency'\n(Did you mean --concurrency?)\n")).toBe("agentready: unknown option '--concurency' (did you mean --concurrency?)\n");
  });
});

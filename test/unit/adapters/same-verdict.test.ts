// One protocol, four transports (SPEC §4): the same answer gets the same verdict whether a module
// agent returns it or a stdio agent (the same handler, through serveStdio) sends it.
import { describe, expect, it } from 'vitest';
import { readModuleResult } from '../../../src/adapters/module-result.js';
import { fakeHost, LIB_URL, params, stdio, stopAdaptersAfterEach } from './stdio-fixtures.js';
import { excerpt } from '../../../src/common/shorten.js';

stopAdaptersAfterEach();

// By case input: answers without an `output` (left out, undefined, a value JSON leaves out) and one with it.
const ANSWERS = `{
  'left out': { outcome: 'clarified' },
  'undefined': { outcome: 'clarified', output: undefined },
  'a function': { outcome: 'clarified', output: () => 'x' },
  'null': { outcome: 'clarified', output: null },
}`;
const answers = new Function(`return ${ANSWERS};`)() as Record<string, unknown>;

describe('an answer read by the stdio and the module adapter', () => {
  it('gets the same verdict: output is required, null is an output', async () => {
    const adapter = stdio({ source: `import { serveStdio } from ${JSON.stringify(LIB_URL)};\nconst answers = ${ANSWERS};\nserveStdio(async (task) => answers[task.case.input], { name: 'same' });` });
    await adapter.start(new AbortController().signal);
    const verdicts = { stdio: {} as Record<string, string>, module: {} as Record<string, string> };
    for (const [input, answer] of Object.entries(answers)) {
      verdicts.stdio[input] = await adapter.run(params(input), { host: fakeHost().host, signal: new AbortController().signal }).then(
        (result) => `ok ${JSON.stringify(result)}`,
        (error: unknown) => (error as Error).message.replace(/^agent answered run with an invalid result: /, ''),
      );
      try {
        verdicts.module[input] = `ok ${JSON.stringify(readModuleResult(answer, { invalidUsage: undefined, quote: excerpt }))}`;
      } catch (error) {
        verdicts.module[input] = (error as Error).message.replace(/^the agent module returned an invalid result: /, '');
      }
    }
    const missing = 'output: missing (a required key)';
    expect(verdicts.stdio).toEqual({ 'left out': missing, undefined: missing, 'a function': missing, null: 'ok {"outcome":"clarified","output":null}' });
    expect(verdicts.module).toEqual(verdicts.stdio);
  });
});

// resolvePlain must make of a plain scalar what js-yaml's core schema makes of it (or step aside
// for a number past a double's range): its shortcut through CORE_NOT_STRING may not call a null,
// a boolean or a number a string.
import fc from 'fast-check';
import { CORE_SCHEMA } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CORE_FLOAT, resolvePlain } from '../../../src/config/core-scalars.js';
import { FUZZ_SEED } from '../fuzz/outcome.js';

const exactly = (value: unknown) => (typeof value === 'number' ? `number:${Object.is(value, -0) ? '-0' : String(value)}` : JSON.stringify(value));

function expectAsJsYaml(text: string): void {
  const resolved = resolvePlain(text);
  const asJsYaml = CORE_SCHEMA.resolveImplicitScalarTag(text).value;
  // A number past a double's range: js-yaml reads it as a string, yaml as Infinity.
  const hexOrOctalPast = /^0(?:x[0-9a-fA-F]+|o[0-7]+)$/.test(text) && typeof asJsYaml === 'string';
  if ((CORE_FLOAT.test(text) && !Number.isFinite(Number(text))) || hexOrOctalPast) {
    expect(resolved, text).toBeUndefined();
    return;
  }
  expect(exactly(resolved?.value), text).toBe(exactly(asJsYaml));
}

// What nulls, booleans and numbers are made of, and their near-misses' characters.
const CHARS = [...'0123456789.+-eExXoObB_aAfFiInNlLsStTuUrR~ :'];

describe('resolvePlain', () => {
  it('reads each core null, boolean and number and their look-alikes as js-yaml does', () => {
    const words = [
      'null', 'Null', 'NULL', 'nULL', '~', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
      '.inf', '.Inf', '.INF', '+.inf', '-.Inf', '.iNf', '.nan', '.NaN', '.NAN', '-.nan', 'NaN', 'inf', '0x1F', '0xG', '0o17', '0o8', '0b101',
      '1_000', '1:30', '1e3', '1E+3', '.5', '5.', '+5', '-0', '0.1e-2', '1e999', 'f1-case-0', 'false-positive', '1st', '.env', 'null-ish', 'true.',
    ];
    for (const word of words) expectAsJsYaml(word);
  });

  it('steps aside for a hex or octal number past a double\'s range, as for a decimal one', () => {
    for (const text of [`0x${'F'.repeat(300)}`, `0o${'7'.repeat(400)}`, '9'.repeat(400), '1e400']) expect(resolvePlain(text), text).toBeUndefined();
    expect(resolvePlain(`0x${'F'.repeat(200)}`)?.value).toBe(Number.parseInt('F'.repeat(200), 16));
    for (const text of [`0x${'F'.repeat(300)}`, `0o${'7'.repeat(400)}`, `0x${'F'.repeat(200)}`]) expectAsJsYaml(text);
  });

  it('agrees with js-yaml on generated texts of the characters numbers, nulls and booleans are made of', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 8 }).map((chars) => chars.join('')), expectAsJsYaml),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
  });
});

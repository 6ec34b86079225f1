import { describe, expect, it } from 'vitest';
import { validateConfigSource } from '../../../src/config/index.js';
import { interpolateString } from '../../../src/config/interpolate.js';

const FILE = 'agentready.config.yaml';

describe('interpolateString', () => {
  it('replaces set variables and uses defaults for unset or empty ones', () => {
    expect(interpolateString('${A}/${B:-dflt}/${C:-x}', { A: 'a', C: '' })).toEqual({ value: 'a/dflt/x', problems: [] });
  });

  it('keeps $${ as a literal ${ and leaves a lone $ alone', () => {
    expect(interpolateString('$${A} costs $5', { A: 'a' })).toEqual({ value: '${A} costs $5', problems: [] });
  });

  it('reports unset variables and malformed references', () => {
    expect(interpolateString('${MISSING} ${1BAD}', {}).problems).toEqual([
      { kind: 'unset', name: 'MISSING' },
      { kind: 'syntax', text: '${1BAD}' },
    ]);
  });
});

describe('${ENV_VAR} in the config', () => {
  const config = (body: string, env: Record<string, string>) =>
    validateConfigSource({ source: `target:\n  adapter: http\n  url: \${URL:-http://127.0.0.1:8080}\n${body}`, file: FILE, env });

  it('interpolates values, and a plain whole reference takes the YAML type of its text', () => {
    const result = config('baseline: "${CONC}"\nrun:\n  concurrency: ${CONC}\n', { CONC: '4', URL: 'http://127.0.0.1:9' });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.run).toEqual({ concurrency: 4 });
    expect(result.value.baseline).toBe('4');
    expect(result.value.target).toMatchObject({ url: 'http://127.0.0.1:9' });
  });

  it('rejects a quoted reference where a number is needed, since quotes mean a string, and says how to write it for the number', () => {
    const result = config('run:\n  concurrency: "${CONC}"\n', { CONC: '4' });
    expect(result.ok ? [] : result.issues).toMatchObject([
      { path: 'run.concurrency', expected: 'a number: a quoted "${CONC}" stays a string; unquoted, on a line of its own (concurrency: ${CONC}), it reads as a number', found: '"4"' },
    ]);
    // As quoted inside { }, where the YAML error at a bare one asks for quotes or block style; a default's value too.
    const flow = config("run: { timeout_ms: '${T:-5000}', concurrency: \"${C}x\" }\n", { C: '4' });
    expect(flow.ok ? [] : flow.issues).toMatchObject([
      { path: 'run.timeout_ms', expected: 'a number: a quoted "${T:-5000}" stays a string; unquoted, on a line of its own (timeout_ms: ${T:-5000}), it reads as a number', found: '"5000"' },
      // A reference with more text around it is a string however it is written: nothing to add.
      { path: 'run.concurrency', expected: 'a number', found: '"4x"' },
    ]);
  });

  it('locates an unset variable at its scalar, once (no type error on top)', () => {
    const result = config('run:\n  concurrency: ${CONC}\n', {});
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({
        line: 5,
        column: 16,
        path: 'run.concurrency',
        code: 'env_unset',
        found: 'CONC unset',
        expected: 'environment variable CONC to be set (or a default: ${CONC:-value})',
      }),
    ]);
  });

  it('never interpolates keys', () => {
    // An env key (a header name may not hold { or }: the schema refuses it as no HTTP token).
    const result = validateConfigSource({ source: 'target:\n  adapter: stdio\n  command: [node, a.js]\n  env:\n    ${H}: v\n', file: FILE, env: { H: 'X' } });
    expect(result.ok && result.value.target).toMatchObject({ env: { '${H}': 'v' } });
  });

  it('explains a reference that breaks a flow mapping', () => {
    const result = config('run: { concurrency: ${CONC} }\n', { CONC: '4' });
    expect(result.ok ? [] : result.issues).toMatchObject([
      { line: 4, expected: 'valid YAML: inside { } or [ ], a ${NAME} reference needs block style (key: ${NAME} on its own line) to stay a number or boolean, or quotes ("${NAME}") for a string', found: 'a bare ${…}, whose { YAML reads as a mapping opening there' },
    ]);
  });
});

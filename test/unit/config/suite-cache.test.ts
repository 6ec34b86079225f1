import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type LoadOptions } from '../../../src/config/index.js';
import { checkConfig } from '../../../src/config/load.js';
import { decodeEntry } from '../../../src/config/suite-cache-file.js';
import { openSuiteCache, suiteCacheKey } from '../../../src/config/suite-cache.js';
import { ConfigError } from '../../../src/errors.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';
import type { NamesCheck } from '../../../src/config/names-check.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'agentready-cache-'));
  dirs.push(root);
  // The agent script CONFIG runs (`node agent.js`), as a project has it: a missing one is a warning.
  for (const [file, text] of Object.entries({ 'agent.js': '', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const CONFIG = 'target:\n  adapter: stdio\n  command: [node, agent.js]\nsuites: [evals/*.suite.yaml]\n';
// A suite with a warning (forbidding a tool it does not declare), so cached warnings are seen.
const SUITE = (name: string, input = 'where is my order') => `suite: ${name}
tools:
  - name: lookup_order
cases:
  - id: a
    input: ${input}
    expect:
      outcome: completed
      forbid: [delete_order]
  - id: b
    input: second case here
    expect:
      outcome: completed
`;

const CACHE = { buildId: 'build-1' };
const load = (root: string, extra: Partial<LoadOptions> = {}) => loadConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: CACHE, ...extra });
const filesOf = (root: string) => {
  const folder = path.join(root, '.agentready', 'cache', 'suites');
  return existsSync(folder) ? readdirSync(folder).map((name) => path.join(folder, name)) : [];
};
/** The checked suites' entries, without the fingerprints kept beside them. */
const entriesOf = (root: string) => filesOf(root).filter((file) => !file.endsWith('.fingerprints.bin'));

describe('suiteCacheKey', () => {
  const base = { buildId: 'b1', display: 'evals/a.suite.yaml', text: 'suite: a\n' };
  it('is the same for the same inputs and differs when the text, the build or the display path differs', () => {
    const key = suiteCacheKey(base);
    expect(suiteCacheKey({ ...base })).toBe(key);
    expect(suiteCacheKey({ ...base, text: 'suite: b\n' })).not.toBe(key);
    expect(suiteCacheKey({ ...base, buildId: 'b2' })).not.toBe(key);
    expect(suiteCacheKey({ ...base, display: 'a.suite.yaml' })).not.toBe(key);
  });
});

describe('decodeEntry', () => {
  const entry = { data: { suite: 'a', cases: [{ id: 'x' }] }, value: { suite: 'a', cases: [{ id: 'x' }] }, caseIdOffsets: [3], lineStarts: new Uint32Array([0, 9]), issues: [] };
  /** A file as the cache writes one: the header, then each part as a 4-byte length and its v8 bytes. */
  const encode = (key: string, parts: Buffer[], format = 'agentready-suite-cache 2') => {
    const payload = Buffer.concat(parts.flatMap((bytes) => {
      const size = Buffer.alloc(4);
      size.writeUInt32LE(bytes.length);
      return [size, bytes];
    }));
    return Buffer.concat([Buffer.from(`${format} ${key} ${String(payload.length).padStart(12, '0')}\n`, 'latin1'), payload]);
  };
  /** The entry's parts: itself with its case lists emptied, then its cases. */
  const partsOf = (e: typeof entry, over: Record<string, unknown> = {}) => [
    serialize({ entry: { ...e, data: { ...e.data, cases: [] }, value: { ...e.value, cases: [] } }, dataCases: e.data.cases.length, valueCases: e.value.cases.length, ...over }),
    serialize([e.data.cases, e.value.cases]),
  ];
  it('takes a whole entry under its key', () => {
    expect(decodeEntry(encode('k', partsOf(entry)), 'k')).toEqual(entry);
  });
  it('puts the cases of every part back in order', () => {
    const cases = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}` }));
    const many = { ...entry, data: { suite: 'a', cases }, value: { suite: 'a', cases }, caseIdOffsets: [1, 2, 3, 4, 5] };
    const [head] = partsOf(many);
    const split = [head!, serialize([cases.slice(0, 2), cases.slice(0, 2)]), serialize([cases.slice(2), cases.slice(2)])];
    expect(decodeEntry(encode('k', split), 'k')).toEqual(many);
  });
  it('refuses another key, a truncated or padded payload, another format, garbage and a wrongly shaped entry', () => {
    const whole = encode('k', partsOf(entry));
    expect(decodeEntry(whole, 'other')).toBeUndefined();
    expect(decodeEntry(whole.subarray(0, whole.length - 1), 'k')).toBeUndefined();
    expect(decodeEntry(Buffer.concat([whole, Buffer.from([0])]), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', partsOf(entry), 'agentready-suite-cache 1'), 'k')).toBeUndefined();
    expect(decodeEntry(Buffer.from('garbage'), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', [Buffer.from('not v8 data at all')]), 'k')).toBeUndefined();
    // A part missing, or one more case than the head says.
    expect(decodeEntry(encode('k', partsOf(entry).slice(0, 1)), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', [...partsOf(entry), serialize([[{ id: 'y' }], [{ id: 'y' }]])]), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', partsOf({ ...entry, caseIdOffsets: [] })), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', partsOf({ ...entry, lineStarts: new Uint32Array([0, 9, 9]) })), 'k')).toBeUndefined();
    expect(decodeEntry(encode('k', partsOf(entry, { entry: { ...entry, lineStarts: [0, 9], data: { suite: 'a', cases: [] }, value: { suite: 'a', cases: [] } } })), 'k')).toBeUndefined();
    const error = { file: 'a', line: 1, column: 1, path: '', code: 'x', message: 'm', severity: 'error' };
    expect(decodeEntry(encode('k', partsOf({ ...entry, issues: [error] as never[] })), 'k')).toBeUndefined();
  });
});

describe('openSuiteCache', () => {
  it('writes a large suite in parts of 2,000 cases and reads it back whole, in order', () => {
    const root = project({});
    const cache = openSuiteCache(path.join(root, '.agentready', 'cache'));
    const cases = Array.from({ length: 4500 }, (_, i) => ({ id: `case-${i}`, input: `question ${i}` }));
    const entry = { data: { suite: 'big', cases }, value: { suite: 'big', cases: cases.map((c) => ({ ...c, tags: [] })) }, caseIdOffsets: cases.map((_, i) => 10 + i), lineStarts: new Uint32Array([0, 9]), issues: [] };
    const absPath = path.join(root, 'big.suite.yaml');
    expect(cache.write({ absPath, key: 'k1', entry })).toBe(true);
    const [file] = filesOf(root);
    const bytes = readFileSync(file!);
    // The head, then three parts of cases: each part a 4-byte length and its serialized bytes.
    let parts = 0;
    for (let at = bytes.indexOf(0x0a) + 1; at < bytes.length; at += 4 + bytes.readUInt32LE(at)) parts++;
    expect(parts).toBe(4);
    expect(cache.read({ absPath, key: 'k1' })).toEqual(entry);
    expect(cache.read({ absPath, key: 'k2' })).toBeUndefined();
  });
});

describe('loading with the suite cache', () => {
  it('writes one entry per suite file, then reads the suite from it: the same config and warnings', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha'), 'evals/b.suite.yaml': SUITE('beta') });
    const cold = await load(root);
    expect(entriesOf(root)).toHaveLength(2);
    expect(cold.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.code}`)).toEqual([
      'evals/a.suite.yaml:9:16 unknown_tool',
      'evals/b.suite.yaml:9:16 unknown_tool',
    ]);
    const warm = await load(root);
    expect(warm).toEqual(cold);
    // Read from a subfolder, the messages name the file otherwise: the entry is not used for it.
    const below = await load(root, { cwd: path.join(root, 'evals') });
    expect(below.warnings.map((w) => w.file)).toEqual(['a.suite.yaml', 'b.suite.yaml']);
    expect(entriesOf(root)).toHaveLength(2);
  });

  it('stores no file over 2 MB, and one just under it', async () => {
    const long = 'x'.repeat(1_000_000);
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/big.suite.yaml': SUITE('big', long).replace('second case here', long), 'evals/small.suite.yaml': SUITE('small', 'y'.repeat(900_000)) });
    const cold = await load(root);
    expect(entriesOf(root)).toHaveLength(1);
    expect(await load(root)).toEqual(cold);
  });

  it('serves an unchanged file from its entry (an entry changed in place is what loads)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    await load(root);
    const [file] = entriesOf(root);
    const bytes = readFileSync(file!);
    // The same length keeps the header's length right: only the cached text changes.
    writeFileSync(file!, Buffer.from(bytes.toString('latin1').replaceAll('where is my order', 'WHERE IS MY ORDER'), 'latin1'));
    const warm = await load(root);
    expect(warm.suites[0]!.cases[0]!.input).toBe('WHERE IS MY ORDER');
    // Without the cache, the file as written.
    expect((await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).suites[0]!.cases[0]!.input).toBe('where is my order');
  });

  it('sees an edited suite, and replaces its entry', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    await load(root);
    writeFileSync(path.join(root, 'evals/a.suite.yaml'), SUITE('alpha', 'an edited input'));
    expect((await load(root)).suites[0]!.cases[0]!.input).toBe('an edited input');
    expect(entriesOf(root)).toHaveLength(1);
    expect((await load(root)).suites[0]!.cases[0]!.input).toBe('an edited input');
  });

  it('does not use an entry written by another build', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    await load(root);
    const [file] = entriesOf(root);
    writeFileSync(file!, Buffer.from(readFileSync(file!).toString('latin1').replaceAll('where is my order', 'WHERE IS MY ORDER'), 'latin1'));
    const other = await load(root, { cache: { buildId: 'build-2' } });
    expect(other.suites[0]!.cases[0]!.input).toBe('where is my order');
  });

  it('never stores a suite with an error: the error is found again, located, every time', async () => {
    const broken = SUITE('alpha').replace('outcome: completed\n      forbid', 'outcome: complete\n      forbid');
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': broken });
    for (let i = 0; i < 2; i++) {
      const error = await load(root).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.code}`)).toEqual([
        'evals/a.suite.yaml:8:16 invalid_value',
        'evals/a.suite.yaml:9:16 unknown_tool',
      ]);
      expect(entriesOf(root)).toEqual([]);
    }
  });

  it('checks the names a suite writes with the file: not again while it is served from its entry, and a refused name every time', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    const checked: string[] = [];
    const names: NamesCheck = (suites, display) => {
      checked.push(...suites.map((suite) => `${suite.name}: ${suite.cases.map((kase) => kase.id).join(' ')}`));
      return namesRedactionChanges(suites, display);
    };
    await load(root, { names });
    await load(root, { names });
    expect(checked).toEqual(['alpha: a b']);
    // A case id written as a card number: the edited file is checked, refused, and not stored, so refused again.
    writeFileSync(path.join(root, 'evals/a.suite.yaml'), SUITE('alpha').replace('id: b', 'id: 4111-1111-1111-1111'));
    for (let i = 0; i < 2; i++) {
      const error = await load(root, { names }).catch((e: unknown) => e);
      expect((error as ConfigError).issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.code}`)).toEqual([
        'evals/a.suite.yaml:9:16 unknown_tool',
        'evals/a.suite.yaml:10:9 redacted_name',
      ]);
    }
    expect(checked).toEqual(['alpha: a b', 'alpha: a 4111-1111-1111-1111', 'alpha: a 4111-1111-1111-1111']);
  });

  it('stores a shared expectation once: the cases read back share it', async () => {
    const suite = 'suite: alpha\ntools: []\ncases:\n  - id: a\n    input: one\n    expect: { outcome: completed }\n  - id: b\n    input: two\n    expect: { outcome: completed }\n';
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite });
    const cold = await load(root);
    const [file] = entriesOf(root);
    const bytes = readFileSync(file!);
    const entry = decodeEntry(bytes, bytes.toString('latin1', 0, 200).split(' ')[2]!);
    const cases = (entry?.value as { cases: Array<{ expect: unknown }> } | undefined)?.cases;
    expect(cases?.[1]?.expect).toEqual({ outcome: 'completed' });
    expect(cases?.[1]?.expect).toBe(cases?.[0]?.expect);
    expect(await load(root)).toEqual(cold);
  });

  it('still runs the rules across files for suites read from the cache', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('same'), 'evals/b.suite.yaml': SUITE('same') });
    for (let i = 0; i < 2; i++) {
      const error = await load(root).catch((e: unknown) => e);
      expect((error as ConfigError).issues.map((issue) => issue.code)).toContain('duplicate_suite');
    }
  });

  it('ignores a corrupt, truncated or empty entry and writes it again', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    const cold = await load(root);
    const [file] = entriesOf(root);
    const whole = readFileSync(file!);
    for (const bad of [whole.subarray(0, whole.length >> 1), Buffer.alloc(0), Buffer.from('\u0000\u0001garbage'), Buffer.concat([whole.subarray(0, 80), Buffer.alloc(whole.length - 80, 0xff)])]) {
      writeFileSync(file!, bad);
      expect(await load(root)).toEqual(cold);
      expect(readFileSync(file!)).toEqual(whole);
    }
  });

  it('loads as ever where the cache cannot be written (no error, no entry)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha'), '.agentready': 'a file where the folder would be' });
    const config = await load(root);
    expect(config.suites[0]!.cases).toHaveLength(2);
    expect(readdirSync(root).sort()).toEqual(['.agentready', 'agent.js', 'agentready.config.yaml', 'evals']);
  });

  it('drops the entry of a suite file that is gone when it writes another', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha'), 'evals/b.suite.yaml': SUITE('beta') });
    await load(root);
    rmSync(path.join(root, 'evals/b.suite.yaml'));
    writeFileSync(`${entriesOf(root)[0]}.123.abcd.tmp`, 'left by a killed command');
    writeFileSync(path.join(root, 'evals/a.suite.yaml'), SUITE('alpha', 'changed'));
    await load(root);
    expect(filesOf(root).map((file) => path.basename(file).replace(/^\w+/, '')).sort()).toEqual(['.bin', '.fingerprints.bin']);
  });

  it('keeps a run\'s fingerprints beside the entry and takes them while the suite and its world files are unchanged', async () => {
    const stateSuite = `suite: alpha\nstate: ./state.json\ntools: []\ncases:\n  - id: a\n    input: hello\n    expect: { outcome: completed }\n`;
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': stateSuite, 'evals/state.json': '{"orders": 1}' });
    await checkConfig({ names: namesRedactionChanges, cwd: root, env: {}, cache: CACHE });
    expect(filesOf(root).map((file) => path.basename(file).replace(/^\w+/, ''))).toEqual(['.bin']);
    const cold = await load(root);
    const printsFile = filesOf(root).find((file) => file.endsWith('.fingerprints.bin'))!;
    const print = cold.suites[0]!.cases[0]!.fingerprint;
    expect(print).toMatch(/^[0-9a-f]{16}$/);
    // What loads is what the file holds: changed in place, the change shows.
    writeFileSync(printsFile, Buffer.from(readFileSync(printsFile).toString('latin1').replace(print, 'f'.repeat(16)), 'latin1'));
    expect((await load(root)).suites[0]!.cases[0]!.fingerprint).toBe('f'.repeat(16));
    // A world file changed: the fingerprints are computed again, as without the cache.
    writeFileSync(path.join(root, 'evals/state.json'), '{"orders": 2}');
    const changed = (await load(root)).suites[0]!;
    const fresh = (await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} })).suites[0]!;
    expect(changed.cases[0]!.fingerprint).toBe(fresh.cases[0]!.fingerprint);
    expect(changed.fingerprint).toBe(fresh.fingerprint);
    expect(fresh.cases[0]!.fingerprint).not.toBe(print);
    // And kept: the next load takes them.
    expect((await load(root)).suites[0]).toEqual(fresh);
  });

  it('shares the cases\' equal expectations from the cache as when it computes their fingerprints', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': `${SUITE('alpha')}  - id: c\n    input: third\n    expect: { outcome: completed }\n` });
    for (const config of [await load(root), await load(root)]) {
      const [a, b, c] = config.suites[0]!.cases;
      expect(c!.expect).toBe(b!.expect);
      expect(a!.expect).not.toBe(b!.expect);
      expect(Object.isFrozen(b!.expect)).toBe(true);
    }
  });

  it('gives back a `__proto__` key as a fresh check does (no prototype set from the cache)', async () => {
    const suite = 'suite: alpha\ntools: []\ncases:\n  - id: a\n    input: hello\n    context:\n      __proto__: { admin: true }\n    expect: { outcome: completed }\n';
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': suite });
    const cold = await load(root);
    const warm = await load(root);
    expect(entriesOf(root)).toHaveLength(1);
    const [coldContext, warmContext] = [cold, warm].map((config) => config.suites[0]!.cases[0]!.context);
    expect(Object.hasOwn(warmContext!, '__proto__')).toBe(Object.hasOwn(coldContext!, '__proto__'));
    expect(Object.getOwnPropertyDescriptor(warmContext, '__proto__')?.value).toEqual({ admin: true });
    expect(Object.getPrototypeOf(warmContext)).toBe(Object.getPrototypeOf(coldContext));
    expect(warmContext).toEqual(coldContext);
    expect(warm.suites[0]!.cases[0]!.fingerprint).toBe(cold.suites[0]!.cases[0]!.fingerprint);
  });

  it('writes nothing without the cache option (a library caller, --no-cache)', async () => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('alpha') });
    await loadConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    await checkConfig({ names: namesRedactionChanges, cwd: root, env: {} });
    expect(existsSync(path.join(root, '.agentready'))).toBe(false);
  });
});

describe('a cache folder that is a symbolic link', () => {
  it.each([['.agentready/cache/suites'], ['.agentready/cache']])('%s: the cache is not used, a warning says so, and nothing where it points is written or deleted', async (linked) => {
    const root = project({ 'agentready.config.yaml': CONFIG, 'evals/a.suite.yaml': SUITE('a'), 'elsewhere/notes.txt': 'precious\n' });
    mkdirSync(path.dirname(path.join(root, linked)), { recursive: true });
    symlinkSync(path.join(root, 'elsewhere'), path.join(root, linked));
    const config = await load(root);
    expect(config.warnings.filter((issue) => issue.code === 'cache_link').map((issue) => issue.file)).toEqual([linked]);
    await load(root);
    expect(readdirSync(path.join(root, 'elsewhere'))).toEqual(['notes.txt']);
  });
});

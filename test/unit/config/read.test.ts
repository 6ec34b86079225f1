// The files config/ reads are UTF-8: another encoding is said, not read as replacement characters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readText } from '../../../src/config/read.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(bytes: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'agentready-read-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'f.yaml'), bytes);
  return path.join(dir, 'f.yaml');
}

describe('readText', () => {
  it('refuses bytes that are not UTF-8, at their line and column, and a UTF-16 file by its byte order mark', () => {
    expect(readText(file(Buffer.from('a: 1\nb: h\xff\xfei\n', 'latin1')))).toEqual({ ok: false, reason: 'not UTF-8 text (a byte that is no UTF-8 at line 2, column 5): save it as UTF-8' });
    expect(readText(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')])))).toEqual({ ok: false, reason: 'UTF-16 text, not UTF-8: save it as UTF-8' });
  });

  it('reads UTF-8 with a replacement character, a BOM or characters past the BMP as it is', () => {
    const text = '\ufeffa: "\ufffd é 😀"\n';
    expect(readText(file(Buffer.from(text, 'utf8')))).toEqual({ ok: true, text });
  });
});

import { describe, expect, it } from 'vitest';
import { escapeControls, jsonText, neutralize, neutralizeLine, safeJsonText } from '../../../src/common/sanitize.js';

describe('neutralize', () => {
  it.each([
    ['CSI colour', 'a\x1b[31mred\x1b[0m', 'a\\x1b[31mred\\x1b[0m'],
    ['clear screen', '\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
    ['OSC title ended by BEL', '\x1b]0;pwned\x07after', '\\x1b]0;pwned\\x07after'],
    ['OSC 8 hyperlink ended by ST', '\x1b]8;;http://x\x1b\\link', '\\x1b]8;;http://x\\x1b\\link'],
    ['one-byte C1 CSI', 'x\x9b31my', 'x\\x9b31my'],
    ['other C1', '\x85\x90\x9f', '\\x85\\x90\\x9f'],
    ['NUL, backspace, DEL', 'a\x00b\x08c\x7f', 'a\\x00b\\x08c\\x7f'],
    ['carriage return that would overwrite the line', 'ok\rFAKE', 'ok\\rFAKE'],
    ['bidi override', 'abc\u202Edcba', 'abc\\u202edcba'],
  ])('escapes %s', (_name, input, expected) => {
    expect(neutralize(input)).toBe(expected);
  });

  it('keeps newlines, tabs and printable unicode', () => {
    expect(neutralize('line 1\n\tline 2 — café ✓ 日本')).toBe('line 1\n\tline 2 — café ✓ 日本');
  });

  it('leaves no ESC or C1 byte behind', () => {
    const out = neutralize('\x1b[1m\x1bP+q\x1b\\\x9d0;t\x9c');
    expect(out).not.toMatch(/[\x1b\x80-\x9f]/);
  });
});

describe('neutralizeLine', () => {
  it('escapes newlines and tabs as well', () => {
    expect(neutralizeLine('a\nb\tc\r\x1b[K')).toBe('a\\nb\\tc\\r\\x1b[K');
  });
});

describe('escapeControls', () => {
  it('escapes controls, line separators, bidi overrides and isolates and the backslash as JSON does, and nothing else', () => {
    expect(escapeControls('a\nb\r\t\u001b[2J\\ \u2028 \u202e evil \u2066x\u2069 ü €')).toBe('a\\nb\\r\\t\\u001b[2J\\\\ \\u2028 \\u202e evil \\u2066x\\u2069 ü €');
  });
});

describe('jsonText, safeJsonText: JSON that is safe to cat', () => {
  const hostile = { name: 'evil \u009d52;c;ZXZpbA==\u009c \u009b2J abc\u202edcba \u2066x\u2069 line\u2028sep \u007f', ['key\u202e']: 'ok', n: 1 };

  it('writes DEL, C1 controls, line separators and bidi controls as \\u escapes, and reads back the same value', () => {
    for (const text of [jsonText(hostile), jsonText(hostile, 2)]) {
      expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(text).toContain('\\u009d52;c;ZXZpbA==\\u009c');
      expect(text).toContain('abc\\u202edcba');
      expect(JSON.parse(text)).toEqual(hostile);
    }
  });

  it('leaves JSON without them as JSON.stringify writes it (non-ASCII text too)', () => {
    const plain = { city: 'Zürich — 東京', order: 'ORDER-20240611-778812', ts: 1733356800123, esc: '\u001b[2J' };
    expect(jsonText(plain)).toBe(JSON.stringify(plain));
    expect(jsonText(plain, 2)).toBe(JSON.stringify(plain, null, 2));
    expect(safeJsonText(JSON.stringify(plain))).toBe(JSON.stringify(plain));
  });
});

describe('workflow commands a CI runner would read in agent text', () => {
  it('escapes the first character of a line-leading ::command:: (after blanks, which the runner trims) and of ##[command] anywhere', () => {
    const text = 'first\n::add-mask::secretvalue\n  \u00a0::error title=x::pwned\nsee ##[warning]here';
    expect(neutralize(text)).toBe('first\n\\x3a:add-mask::secretvalue\n  \u00a0\\x3a:error title=x::pwned\nsee \\x23#[warning]here');
    expect(neutralizeLine('::stop-commands::tok')).toBe('\\x3a:stop-commands::tok');
    expect(neutralizeLine('a\n::error::b')).toBe('a\\n::error::b');
    expect(escapeControls('  ::warning::x and ##[group]y')).toBe('  \\u003a:warning::x and \\u0023#[group]y');
  });

  it('leaves ordinary colons and hashes as written', () => {
    for (const text of ['std::vector at 12:30:45', 'ipv6 [::1]:8080', 'issue #12 and ## heading', 'a: b :: c', 'order #[draft]']) {
      expect(neutralize(text)).toBe(text);
      expect(neutralizeLine(text)).toBe(text);
      expect(escapeControls(text)).toBe(text);
    }
  });
});

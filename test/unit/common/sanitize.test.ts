import { describe, expect, it } from 'vitest';
import { escapeControls, neutralize, neutralizeLine } from '../../../src/common/sanitize.js';

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

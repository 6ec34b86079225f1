// Where JSON.parse stopped, for every JSON reader's problem (state files, the baseline, traces and
// run folder lines, OTLP): V8's "Unexpected token" messages carry no position, only an excerpt.
import { describe, expect, it } from 'vitest';
import { syntaxErrorPosition } from '../../../src/config/json-error.js';

/** Where syntaxErrorPosition places JSON.parse's own error for `text`. */
function placed(text: string): { line: number; column: number } {
  try {
    JSON.parse(text);
  } catch (error) {
    return syntaxErrorPosition((error as Error).message, text);
  }
  throw new Error('expected a syntax error');
}

describe('syntaxErrorPosition', () => {
  it('places an unexpected token at its line and column, not at 1:1, wherever it is in a long text', () => {
    // Near the end, in the middle, near the start of a text long enough for V8 to quote a window of it.
    expect(placed('{"a": 1,\n "b": [1,2,,]\n}\n')).toEqual({ line: 2, column: 12 });
    const middle = `[${Array.from({ length: 20 }, (_, i) => i).join(',')},,${Array.from({ length: 20 }, (_, i) => i).join(',')}]`;
    expect(placed(middle)).toEqual({ line: 1, column: middle.indexOf(',,') + 2 });
    expect(placed('[1,,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]')).toEqual({ line: 1, column: 4 });
    expect(placed('{\n  "state": {\n    "orders": { "5678": { "status": processing } }\n  }\n}\n')).toEqual({ line: 3, column: 37 });
  });

  it('places a window V8 cut short at the end of the text at that end, though a string before holds the same characters', () => {
    const list = '[1,2,3,4,5,6,7,8,9,,]}';
    // The window V8 quotes, `5,6,7,8,9,,]}`, is in the note too: the token is the list's.
    const text = `{"note":"2,3,4,5,6,7,8,9,,]}","l":${list}`;
    expect(placed(text)).toEqual({ line: 1, column: text.lastIndexOf(',,') + 2 });
  });

  it('places one in a short text, quoted whole, when that token is in it once; else at 1:1', () => {
    expect(placed('{"a":tru}')).toEqual({ line: 1, column: 9 });
    expect(placed('[1,,2]')).toEqual({ line: 1, column: 1 });
  });

  it('keeps the positions V8 gives', () => {
    expect(placed('{"a" 1}')).toEqual({ line: 1, column: 6 });
    expect(placed('[1,2')).toEqual({ line: 1, column: 5 });
  });
});

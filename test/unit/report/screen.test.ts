import { describe, expect, it } from 'vitest';
import { createScreen } from '../../../src/report/screen.js';

const tty = { isTTY: true, columns: 120 };
const pipe = { isTTY: false };

describe('createScreen', () => {
  it.each([
    ['a TTY', {}, tty, { color: true, live: true, columns: 120 }],
    ['a pipe', {}, pipe, { color: false, live: false, columns: 80 }],
    ['NO_COLOR on a TTY', { NO_COLOR: '1' }, tty, { color: false, live: true, columns: 120 }],
    ['empty NO_COLOR is unset', { NO_COLOR: '' }, tty, { color: true, live: true, columns: 120 }],
    ['CI on a TTY: plain text, no live line', { CI: 'true' }, tty, { color: false, live: false, columns: 120 }],
    ['CI=false', { CI: 'false' }, tty, { color: true, live: true, columns: 120 }],
    ['FORCE_COLOR in CI', { CI: 'true', FORCE_COLOR: '1' }, pipe, { color: true, live: false, columns: 80 }],
    ['FORCE_COLOR=0 on a TTY', { FORCE_COLOR: '0' }, tty, { color: false, live: true, columns: 120 }],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '3' }, tty, { color: false, live: true, columns: 120 }],
    ['TERM=dumb: no colour, and no live line its erase sequences would litter', { TERM: 'dumb' }, tty, { color: false, live: false, columns: 120 }],
    ['COLUMNS for a pipe', { COLUMNS: '100' }, pipe, { color: false, live: false, columns: 100 }],
  ])('%s', (_name, env, stream, expected) => {
    const screen = createScreen({ env, stream });
    expect({ color: screen.color, live: screen.live, columns: screen.columns }).toEqual(expected);
    expect(screen.colors.red('x') === 'x').toBe(!expected.color);
  });

  it('uses the level FORCE_COLOR asks for', () => {
    expect(createScreen({ env: { FORCE_COLOR: '3' }, stream: pipe }).colors.level).toBe(3);
  });
});

/**
 * What the terminal can do, decided once per run (Playwright `reporters/base.ts` Screen):
 * every renderer takes a Screen instead of reading process.env or a stream itself.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { colorLevel, inCi } from './color-level.js';

export interface Screen {
  /** The stream is a terminal. */
  isTTY: boolean;
  /** A live, redrawn progress line is allowed: a TTY, not CI, and a terminal that can erase a line (not TERM=dumb). */
  live: boolean;
  /** Width to lay out for; 80 when unknown. */
  columns: number;
  color: boolean;
  /** A chalk whose level matches `color`: with color off every style is the identity. */
  colors: ChalkInstance;
}

export interface ScreenStream {
  isTTY?: boolean;
  columns?: number;
}

const DEFAULT_COLUMNS = 80;

/** The Screen for `stream` under `env` (NO_COLOR, FORCE_COLOR, CI, TERM, COLUMNS). */
export function createScreen({ env, stream }: { env: Record<string, string | undefined>; stream: ScreenStream }): Screen {
  const isTTY = stream.isTTY === true;
  const ci = inCi(env);
  const level = colorLevel({ env, stream });
  return {
    isTTY,
    // A dumb terminal (Emacs' shell, TERM=dumb) shows the erase-line sequence a redraw writes as text: plain lines there, as under CI.
    live: isTTY && !ci && env['TERM'] !== 'dumb',
    columns: columnsOf(env, stream),
    color: level > 0,
    colors: new Chalk({ level }),
  };
}

/** A Screen for pure formatter tests and files: no TTY, no colour, 80 columns. */
export const PLAIN_SCREEN: Screen = Object.freeze({
  isTTY: false,
  live: false,
  columns: DEFAULT_COLUMNS,
  color: false,
  colors: new Chalk({ level: 0 }),
});

// Returns the usable width: the stream's, else $COLUMNS, else 80.
function columnsOf(env: Record<string, string | undefined>, stream: ScreenStream): number {
  if (stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const fromEnv = Number(env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COLUMNS;
}

/**
 * What keeps the markdown summary within a GitHub comment: how many failing cases are listed, how
 * long one reason may be as written, and how long the whole summary may be, cut at a line.
 */
import { plural } from '../common/plural.js';

/** Most failing cases listed; the rest are counted, so a comment stays under GitHub's size limit. */
export const MAX_CASES_LISTED = 50;
/**
 * Most characters of one case's reason as written (escaped) in a table cell or a list item; the
 * rest is cut, with an ellipsis. Escaping may make agent text many times longer (`@` is 13
 * characters), and 50 cases of a crash's whole message made a summary of 570 kB.
 */
const MAX_REASON_CHARS = 400;
/**
 * The most characters of the whole summary: GitHub refuses a comment past 65,536 characters
 * (`gh pr comment --body-file`), and the action's comment adds its marker and a link. Past it, the
 * last lines are left out, counted in a note.
 */
const MAX_SUMMARY_CHARS = 65_000;

/** `text`, or its lines that fit in MAX_SUMMARY_CHARS (a table row is never split) and a note counting those left out. */
export function withinCommentSize(text: string): string {
  if (text.length <= MAX_SUMMARY_CHARS) return text;
  const room = MAX_SUMMARY_CHARS - 200;
  const end = text.lastIndexOf('\n', room);
  const cut = end > 0 ? end : room;
  const left = text.slice(cut).split('\n').filter((line) => line.trim() !== '').length;
  return `${text.slice(0, cut).trimEnd()}\n\n_… ${plural(left, 'more line')} left out to stay within a GitHub comment's size: the JSON report and the run folder hold the whole run._\n`;
}

/**
 * `raw` as `render` escapes it, at most MAX_REASON_CHARS characters: whole when it fits, else the
 * longest beginning of `raw` whose rendering fits with an ellipsis after it (the rendering of a
 * beginning, so an escape is never split; nor is a surrogate pair).
 */
export function fitted(raw: string, render: (text: string) => string): string {
  const max = MAX_REASON_CHARS;
  const whole = render(raw);
  if (whole.length <= max) return whole;
  let fits = 0;
  let tooLong = raw.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (render(raw.slice(0, middle)).length < max) fits = middle;
    else tooLong = middle;
  }
  const end = fits > 0 && /[\uD800-\uDBFF]/.test(raw[fits - 1]!) ? fits - 1 : fits;
  return `${render(raw.slice(0, end))}…`;
}

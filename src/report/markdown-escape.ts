/**
 * Agent and user text made safe for GitHub-flavoured markdown: as inline text (`md`), our own
 * wording with code spans in it (`mdWithCode`), and inside a code span in a table (`code`) or
 * outside one (`listCode`). The markdown reporter, the readiness card, the weekly review and the
 * review sample all escape through these.
 */
import { neutralizeLine } from '../common/sanitize.js';

/**
 * `text` safe as inline markdown on one line (a table cell or list item): control characters
 * and newlines made visible, HTML and emphasis/link/table syntax escaped, and `@` kept from
 * mentioning anyone, so agent text can't format, link, ping or inject HTML into a PR comment.
 * A bare address can't become a link either (GitHub's autolinks, cmark-gfm's extension): the
 * `:` of `://` and the `.` of `www.` are written as entities, which read the same but are not
 * the characters its URL and www autolinks start from, and an empty HTML comment follows every
 * `@`, so the text the email autolink reads (`mailto:` and `xmpp:` ones too) ends there, and so
 * does a mention's (`@alice`, `@org/team`: GitHub reads them in the rendered text, one text node
 * at a time). An issue reference (`#12`, `org/repo#12`, `GH-12`) is split the same way, an empty
 * comment between the `#` or `GH-` and its number: the reader sees the text as written.
 */
export function md(text: string): string {
  return neutralizeLine(text).replace(/:(?=\/\/)|(?<=www)\.|#(?=\d)|(?<=\bgh)-(?=\d)|[\\`*_[\]<>|~&@]/gi, (c) => MD_ESCAPES[c] ?? `\\${c}`);
}

const MD_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '|': '\\|', '@': '&#64;<!-- -->', ':': '&#58;', '.': '&#46;', '#': '#<!-- -->', '-': '-<!-- -->' };

/**
 * Our own wording with `code spans` in it (the card's advice): the spans stay code, the rest is
 * escaped like any text, since names from the user's files are embedded in it.
 */
export function mdWithCode(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `\`${code(part.slice(1, -1))}\`` : md(part)))
    .join('');
}

/** `text` safe inside a single-backtick code span in a table: backticks and pipes can't end it. */
export function code(text: string): string {
  return neutralizeLine(text).replace(/`/g, "'").replace(/\|/g, '\\|');
}

/**
 * `text` safe inside a single-backtick code span outside a table (a list item): a backtick can't
 * end it. A `|` is left as it is: GitHub reads a backslash in a code span as itself, so `code`'s
 * `\|` (which a table's cell needs) would show there.
 */
export function listCode(text: string): string {
  return neutralizeLine(text).replace(/`/g, "'");
}

/**
 * The relative links of the README and docs/ (`[text](path#anchor)` outside code), and the
 * anchors GitHub gives a markdown file's headings, so the docs test can say which link leads
 * nowhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DOC_FILES } from './doc-blocks.js';
import { REPO } from './run-cli.js';

export interface DocLink {
  /** Where the link is written: the doc's path relative to the repository, and its 1-based line. */
  doc: string;
  line: number;
  target: string;
}

/** The text with every fenced block and inline code span blanked, its lines kept where they were. */
function prose(text: string): string {
  const blank = (code: string) => code.replace(/[^\n]/g, ' ');
  return text
    .replace(/^([ \t]*)```[\s\S]*?^\1```/gm, blank)
    .replace(/``[\s\S]*?``/g, blank)
    .replace(/`[^`]*`/g, blank);
}

export function docLinks(): DocLink[] {
  return DOC_FILES.flatMap((doc) => {
    const text = prose(readFileSync(join(REPO, doc), 'utf8'));
    return [...text.matchAll(/\]\(([^()\s]+)\)/g)]
      .filter((match) => !/^[a-z]+:/i.test(match[1]!))
      .map((match) => ({ doc, line: text.slice(0, match.index).split('\n').length, target: match[1]! }));
  });
}

/**
 * The anchors of a markdown file's headings as GitHub makes them: lower case, every character but
 * letters, digits, spaces, `-` and `_` dropped (so inline code's backticks too), spaces made `-`,
 * and `-1`, `-2` … after a heading's second and later use.
 */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const headings = markdown.replace(/^([ \t]*)```[\s\S]*?^\1```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm);
  for (const [, heading] of headings) {
    const slug = heading!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Why a link leads nowhere (a file not in the repository, a heading its file lacks), or undefined. */
export function brokenLink(link: DocLink): string | undefined {
  const [path, anchor] = link.target.split('#') as [string, string | undefined];
  const file = path === '' ? join(REPO, link.doc) : join(REPO, dirname(link.doc), decodeURIComponent(path));
  if (!existsSync(file)) return `${link.doc}:${link.line}: ${link.target}: no file ${relative(REPO, file)}`;
  if (anchor === undefined || !file.endsWith('.md')) return undefined;
  if (headingAnchors(readFileSync(file, 'utf8')).has(anchor)) return undefined;
  return `${link.doc}:${link.line}: ${link.target}: ${relative(REPO, file)} has no heading #${anchor}`;
}

// docs/architecture.md says where everything lives, and the brief says to keep it true: this
// fails when it names a file or folder that is not there, or a name a file no longer defines.
// Pure reads of the doc and of the file tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOC = 'docs/architecture.md';

/** Every file and folder below `dir`, as paths relative to it with `/`, folders ending in `/`. */
function tree(dir: string, prefix = ''): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) paths.push(`${path}/`, ...tree(dir, `${path}/`));
    else paths.push(path);
  }
  return paths;
}

const SRC_PATHS = tree(join(ROOT, 'src'));
const SRC_FOLDERS = SRC_PATHS.filter((path) => path.endsWith('/'));
const SRC_FILES = SRC_PATHS.filter((path) => !path.endsWith('/'));
const TEST_FILES = tree(join(ROOT, 'test')).filter((path) => !path.endsWith('/'));

/** One backticked text of the doc, with the line it is on and the table row's folder, if any. */
interface Mention {
  text: string;
  line: number;
  /** The src/ folder the table row it stands in is about (`config/schema/`), else undefined. */
  rowFolder: string | undefined;
  /** The backticked text right after it (`` `file.ts` `name` `` or `` `file.ts`'s `name` ``). */
  next: string | undefined;
}

function mentionsOf(doc: string): Mention[] {
  const mentions: Mention[] = [];
  doc.split('\n').forEach((lineText, index) => {
    const rowFolder = /^\| `([\w/-]+\/)` \|/.exec(lineText)?.[1];
    for (const match of lineText.matchAll(/`([^`]+)`(?:'s)?(?:(?=\s*`([^`]+)`)|)/g)) {
      mentions.push({ text: match[1]!, line: index + 1, rowFolder, next: match[2] });
    }
  });
  return mentions;
}

const CODE = /\.(ts|js|mjs|cjs)$/;

/**
 * Whether a text names a file or folder to look for: a path of plain characters (no pattern, no
 * placeholder, no command), not a build output (dist/, which a unit test may run before), not
 * one in a user's project (`.agentready/…`, `node_modules/`), not a data file named alone
 * (`summary.json` is one a run writes).
 */
function isPath(text: string): boolean {
  if (!/^[\w@.-][\w@./-]*$/.test(text) || text.startsWith('.') || text.startsWith('dist/')) return false;
  if (text.startsWith('node_modules')) return false;
  if (text.endsWith('/')) return true;
  return CODE.test(text) || (text.includes('/') && /\.(json|ya?ml|md)$/.test(text));
}

/** The repository paths a path of the doc may stand for: from the root, from src/, or the tail of one under src/. */
function resolvePath(text: string): string[] {
  const exists = (path: string): boolean => {
    try {
      const stat = statSync(join(ROOT, path));
      return text.endsWith('/') ? stat.isDirectory() : stat.isFile();
    } catch {
      return false;
    }
  };
  const found = [text, `src/${text}`].filter(exists);
  if (found.length > 0) return found;
  const pool = text.endsWith('/') ? SRC_FOLDERS : SRC_FILES;
  return pool.filter((path) => path.endsWith(`/${text}`)).map((path) => `src/${path}`);
}

/** Where a bare file name is: test/ for a test file, else src/ (in `rowFolder` when a table row is about one). */
function resolveBare(text: string, rowFolder: string | undefined): string[] {
  if (text.includes('.test.')) return TEST_FILES.filter((path) => posix.basename(path) === text).map((path) => `test/${path}`);
  const everywhere = SRC_FILES.filter((path) => posix.basename(path) === text);
  const inRow = rowFolder ? everywhere.filter((path) => path.startsWith(rowFolder)) : everywhere;
  return inRow.map((path) => `src/${path}`);
}

/** Whether a source file declares `name` (a function, class, constant, type or method of it), or exports it. */
function defines(file: string, name: string): boolean {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const word = name.replace(/\$/g, '\\$');
  const declared = new RegExp(
    String.raw`\b(?:function\*?|const|let|var|class|interface|type|enum)\s+${word}\b|^\s*(?:(?:public|private|protected|readonly|static|async|get|set)\s+)*${word}\s*[(<:=?]|export\s*\{[^}]*\b${word}\b`,
    'm',
  );
  return declared.test(text);
}

/**
 * The name a backticked text gives the code, if it reads as one: a camelCase or PascalCase word
 * with a hump (`decideVerdict`, `KillSwitchTally`), an UPPER_CASE constant (`SHOWN_ISSUES`), each
 * perhaps called (`loadConfig({cwd, …})`), or a type's member (`Adapter.recordBlocks`: both).
 * A plain word (`eval`, `found`) may be prose and is left alone.
 */
function codeNames(text: string): string[] {
  const member = /^([A-Z][\w$]*)\.([a-z][\w$]*)(?:\(|$)/.exec(text);
  if (member) return [member[1]!, member[2]!];
  const name = /^([A-Za-z_$][\w$]*)(?:\(|$)/.exec(text)?.[1];
  return name !== undefined && /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]|^[A-Z][A-Z_]{3,}$/.test(name) ? [name] : [];
}

/** agentready's code as one text: src/, and the build's and loader's scripts/ and bin/. */
function codeText(): string {
  const files = [
    ...SRC_FILES.map((path) => `src/${path}`),
    ...['scripts', 'bin'].flatMap((dir) => tree(join(ROOT, dir)).filter((path) => CODE.test(path)).map((path) => `${dir}/${path}`)),
  ];
  return files.map((file) => readFileSync(join(ROOT, file), 'utf8')).join('\n');
}

/**
 * Which of `names` stand in `text` as whole words (`decideVerdic` is no word of
 * `decideVerdict`): one regular expression of them all, one pass over the 2.5 MB (~60 ms; a
 * search per name, or a set of every word of the code, took 200-900 ms).
 */
function wordsIn(text: string, names: readonly string[]): Set<string> {
  const longestFirst = [...new Set(names)].sort((a, b) => b.length - a.length).map((name) => name.replace(/\$/g, '\\$'));
  return new Set(text.match(new RegExp(String.raw`(?<![\w$])(?:${longestFirst.join('|')})(?![\w$])`, 'g')));
}

const doc = readFileSync(join(ROOT, DOC), 'utf8');
const allMentions = mentionsOf(doc);
const mentions = allMentions.filter((mention) => isPath(mention.text));

describe(DOC, () => {
  it('names only files and folders that exist', () => {
    const missing = mentions
      .filter((mention) => {
        const found = mention.text.includes('/') ? resolvePath(mention.text) : resolveBare(mention.text, mention.rowFolder);
        return found.length === 0;
      })
      .map((mention) => `${DOC}:${mention.line}: \`${mention.text}\`${mention.rowFolder && !mention.text.includes('/') ? ` (not in src/${mention.rowFolder})` : ''}`);
    expect(missing).toEqual([]);
  });

  // A folder is a room of the flow: the doc must name each.
  it('names every folder of src/', () => {
    const named = new Set(mentions.filter((mention) => mention.text.endsWith('/')).flatMap((mention) => resolvePath(mention.text)));
    expect(SRC_FOLDERS.map((folder) => `src/${folder}`).filter((folder) => !named.has(folder))).toEqual([]);
  });

  // Every file too, each in its folder's row or, to keep new ones out of the table's few long
  // lines (where helpers working at once collide), as a line of the list below the table.
  it('names every file of src/, where it is', () => {
    const named = new Set(
      mentions.flatMap((mention) => (mention.text.includes('/') ? resolvePath(mention.text) : resolveBare(mention.text, mention.rowFolder))),
    );
    expect(SRC_FILES.map((file) => `src/${file}`).filter((file) => !named.has(file))).toEqual([]);
  });

  it('names only functions, types and constants the code has (a renamed one is found by its old name)', () => {
    const named = allMentions.flatMap((mention) => codeNames(mention.text).map((name) => ({ mention, name })));
    const found = wordsIn(codeText(), named.map(({ name }) => name));
    const gone = named
      .filter(({ name }) => !found.has(name))
      .map(({ mention, name }) => `${DOC}:${mention.line}: \`${mention.text}\` (no ${name} in src/, scripts/ or bin/)`);
    expect(gone).toEqual([]);
  });

  it('names after a file (`file.ts` `name`) only what that file defines', () => {
    const undefinedNames = mentions
      .filter((mention) => CODE.test(mention.text) && mention.next !== undefined && /^[A-Za-z_$][\w$]*$/.test(mention.next))
      .flatMap((mention) => {
        const files = mention.text.includes('/') ? resolvePath(mention.text) : resolveBare(mention.text, mention.rowFolder);
        if (files.length === 0 || files.some((file) => defines(file, mention.next!))) return [];
        return [`${DOC}:${mention.line}: \`${mention.text}\` \`${mention.next}\` (not in ${files.join(', ')})`];
      });
    expect(undefinedNames).toEqual([]);
  });
});

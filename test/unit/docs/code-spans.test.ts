// Markdown has no escape inside a code span: in `expected no tool call (\`tools: []\`)` the
// backslash is printed and the second backtick closes the span, so GitHub shows the quoted
// message broken in two. A message that itself holds backticks is quoted between double ones:
// ``expected no tool call (`tools: []`), 1 made (lookup_order)``.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** The `file:line` of each backslash before a backtick outside fenced code blocks. */
function escapedBackticks(file: string): string[] {
  let fenced = false;
  return readFileSync(join(ROOT, file), 'utf8').split('\n').flatMap((line, index) => {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    return !fenced && line.includes('\\`') ? [`${file}:${index + 1}: ${line.trim()}`] : [];
  });
}

describe('the docs quote text holding backticks', () => {
  it('between double backticks, never with a backslash-escaped backtick (which Markdown prints, closing the span)', () => {
    expect(FILES.length).toBeGreaterThan(10);
    expect(FILES.flatMap(escapedBackticks)).toEqual([]);
  });
});

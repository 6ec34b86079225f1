/**
 * The fenced code blocks of the README and docs/, with the marker comment on the line before
 * each, which says how the docs test treats it:
 *
 *   <!-- snippet: NAME -->   run by the docs test under NAME (it knows every name)
 *   <!-- output: NAME -->    output the docs test reproduces under NAME
 *   <!-- file: PATH -->      a copy of the repository file PATH, which another test runs
 *   <!-- commands -->        shell lines; each `npx --no-install agentready …` must use real flags
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './run-cli.js';

export interface DocBlock {
  /** The doc's path relative to the repository, and the 1-based line of the opening fence. */
  doc: string;
  line: number;
  language: string;
  code: string;
  marker: { kind: 'snippet' | 'output' | 'file'; value: string } | { kind: 'commands' } | undefined;
}

export const DOC_FILES = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

const MARKER = /^<!--\s*(snippet|output|file):\s*(\S+)\s*-->$|^<!--\s*commands\s*-->$/;

export function docBlocks(): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const doc of DOC_FILES) {
    const lines = readFileSync(join(REPO, doc), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fence = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
      if (!fence) continue;
      const indent = fence[1]!;
      const end = lines.findIndex((line, j) => j > i && line.trimEnd() === `${indent}\`\`\``);
      if (end === -1) throw new Error(`${doc}:${i + 1}: a code block that is never closed`);
      const code = lines
        .slice(i + 1, end)
        .map((line) => line.slice(indent.length))
        .join('\n');
      const match = MARKER.exec(lines[i - 1]?.trim() ?? '');
      const marker = !match ? undefined : match[1] ? { kind: match[1] as 'snippet' | 'output' | 'file', value: match[2]! } : { kind: 'commands' as const };
      blocks.push({ doc, line: i + 1, language: fence[2]!, code: `${code}\n`, marker });
      i = end;
    }
  }
  return blocks;
}

/** The one block marked `<!-- kind: name -->`. */
export function markedBlock(blocks: DocBlock[], kind: 'snippet' | 'output', name: string): string {
  const found = blocks.filter((block) => block.marker?.kind === kind && 'value' in block.marker && block.marker.value === name);
  if (found.length !== 1) throw new Error(`expected one block marked <!-- ${kind}: ${name} -->, found ${found.length}`);
  return found[0]!.code;
}

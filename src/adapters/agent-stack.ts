/**
 * The stack of an error an in-process agent threw, as its case's log: the agent's frames, not
 * agentready's. A TypeScript file compiled as CommonJS (no `"type": "module"`) runs from a
 * `data:` URL under tsx on Node 20; such a frame is named by its file, not by a kilobyte of
 * encoded source, and says its position is the compiled code's.
 */
import path from 'node:path';
import { packageFile } from '../config/package-root.js';

/** agentready's own code and dependencies: dist/ and node_modules/ beside this package.json. */
const OWN_DIRS = [packageFile('dist') + path.sep, packageFile('node_modules') + path.sep];

const DATA_FRAME = /data:text\/javascript,\S*?\?filePath=([^:\s)]+)(:\d+:\d+)?/;

export function agentStack(stack: string, ownDirs: readonly string[] = OWN_DIRS): string[] {
  return stack
    .split('\n')
    .filter((line) => !isFrame(line) || !(line.includes('node:internal/') || ownDirs.some((dir) => line.includes(dir) || line.includes(`file://${dir}`))))
    .map((line) => line.replace(DATA_FRAME, (_match, encoded: string) => `${decodePath(encoded)}, compiled (no line numbers)`));
}

function isFrame(line: string): boolean {
  return /^\s+at /.test(line);
}

function decodePath(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    decoded = encoded;
  }
  return decoded.replace(/\?namespace=.*$/, '');
}

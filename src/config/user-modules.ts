/**
 * The user's modules imported into agentready's own process (an agent module, a tool handler's,
 * a custom scorer's: import-module.ts records each as it imports it), and which of them called
 * `process.exit()` from its own code: the cli's `exit` listener names it (`the tool handler module
 * ./tools.mjs`) when such an exit ends a command before it has. Apart from import-module.ts, so
 * the cli loads only this small file with every command.
 */
import { pathToFileURL } from 'node:url';

/** What a user module is to agentready. */
export type UserModuleRole = 'agent' | 'tool handler' | 'custom scorer';

/** A user module whose code is on the stack: its file, its role, and whether its import had not ended yet. */
export interface UserModuleCall {
  file: string;
  role: UserModuleRole;
  importing: boolean;
}

/** By file: its role, and how many imports of it have not ended. */
const modules = new Map<string, { role: UserModuleRole; importing: number }>();

/** Records the import of `file` as `role` (its first role stays); the returned function is called as the import ends, however it ends. */
export function importingUserModule(module: { file: string; role: UserModuleRole }): () => void {
  const entry = modules.get(module.file) ?? { role: module.role, importing: 0 };
  modules.set(module.file, entry);
  entry.importing++;
  return () => {
    entry.importing--;
  };
}

/**
 * The user module whose code called what runs now (the frame nearest this call that is in one of
 * them: its top-level code as it was imported, or a function of it, a timer's or a callback's);
 * undefined when none is on the stack (a timer a dependency of it set, or code that is none of them).
 */
export function userModuleOnStack(): UserModuleCall | undefined {
  if (modules.size === 0) return undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const frame of stack.split('\n').slice(1)) {
    const at = frameLocation(frame);
    for (const [file, entry] of modules) {
      if (inFile(at, file)) return { file, role: entry.role, importing: entry.importing > 0 };
    }
  }
  return undefined;
}

/** Where a stack frame's code is: `file:///p/x.mjs:3:7` of `    at f (file:///p/x.mjs:3:7)` or `    at async file:///p/x.mjs:3:7`. */
function frameLocation(frame: string): string {
  return /\((.*)\)$/.exec(frame)?.[1] ?? frame.replace(/^\s*at (async )?/, '');
}

/**
 * Whether a frame's location is in `file`, as Node names it (`file:///p/x.mjs:3:7`) or as tsx's
 * loader has it: the file's own path through its source map (`/p/x.ts:3:7`), or the code it
 * compiled as CommonJS, a data: URL naming the file (`data:text/javascript,…?filePath=%2Fp%2Fx.ts%3F…:2:9`).
 * Not `x.mjs.bak`, nor `/q/p/x.mjs`.
 */
function inFile(at: string, file: string): boolean {
  if (at.startsWith('data:')) {
    const named = `?filePath=${encodeURIComponent(file)}`;
    return at.includes(`${named}:`) || at.includes(`${named}%3F`);
  }
  return [pathToFileURL(file).href, file].some((form) => at.startsWith(`${form}:`) || at.startsWith(`${form}?`));
}

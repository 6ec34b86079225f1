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
 * undefined when none is on the stack (a timer a dependency of it set, or code that is none of
 * them), or the stack cannot be read. Read as V8's call sites, not the stack's text: the user's
 * code may have set `Error.prepareStackTrace` (to throw, even), and this runs in the `exit`
 * listener, where a throw would keep the process from ending.
 */
export function userModuleOnStack(): UserModuleCall | undefined {
  if (modules.size === 0) return undefined;
  const sites = callSites();
  for (const site of sites) {
    const name = site.getFileName() ?? '';
    for (const [file, entry] of modules) {
      if (inFile(name, file)) return { file, role: entry.role, importing: entry.importing > 0 };
    }
  }
  return undefined;
}

/** The stack of this call, as V8's call sites; none when it cannot be read. */
function callSites(): NodeJS.CallSite[] {
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = 64;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callSites);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } catch {
    return [];
  } finally {
    try {
      Error.prepareStackTrace = prepareStackTrace;
      Error.stackTraceLimit = stackTraceLimit;
    } catch {
      // Made read-only by the user's code: nothing was changed.
    }
  }
}

/**
 * Whether a call site's file name is `file`, as Node names it (`file:///p/x.mjs`, or the path of a
 * CommonJS file) or as tsx's loader has it: with its query (`file:///p/x.ts?tsx-namespace=…`), or
 * the code it compiled as CommonJS, a data: URL naming the file (`data:text/javascript,…?filePath=%2Fp%2Fx.ts%3F…`)
 * on Node 20, its path with the query (`/p/x.ts?namespace=…`) on Node 22.
 * Not `x.mjs.bak`.
 */
function inFile(name: string, file: string): boolean {
  if (name.startsWith('data:')) {
    const named = `?filePath=${encodeURIComponent(file)}`;
    return name.endsWith(named) || name.includes(`${named}%3F`);
  }
  const url = pathToFileURL(file).href;
  return name === file || name === url || name.startsWith(`${url}?`) || name.startsWith(`${file}?`);
}

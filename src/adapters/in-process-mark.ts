/**
 * The mark a module target's import sets in agentready's process, which `serveStdio` reads: a stdio
 * agent (`agent.mjs` of `init --adapter stdio`) named as `target: { adapter: module }` would
 * otherwise serve the protocol on agentready's own stdin and stdout, and end agentready's process
 * when stdin closes. Seeing the mark, serveStdio serves nothing and says it was called, and the
 * module adapter tells the user to run that file as a stdio target. A global by `Symbol.for`, as
 * `agentready-cli/agent` is a bundle of its own, with its own copy of this module.
 */
const MARK = Symbol.for('agentready.module-import');

/** What serveStdio records of its call during the import. */
export interface InProcessMark {
  serveStdioCalled: boolean;
}

/** Sets the mark for the import of an agent module; the returned function takes it away and says whether serveStdio was called. */
export function markModuleImport(): () => boolean {
  const mark: InProcessMark = { serveStdioCalled: false };
  (globalThis as Record<symbol, unknown>)[MARK] = mark;
  return () => {
    delete (globalThis as Record<symbol, unknown>)[MARK];
    return mark.serveStdioCalled;
  };
}

/** The mark while an agent module is imported in agentready's process, else undefined (serveStdio in the agent's own process). */
export function moduleImportMark(): InProcessMark | undefined {
  return (globalThis as Record<symbol, unknown>)[MARK] as InProcessMark | undefined;
}

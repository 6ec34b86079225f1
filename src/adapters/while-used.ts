/**
 * A process-wide change (a stream's `write` routed, `process.exit` trapped) shared by every
 * started module adapter: made by the first that asks, undone when the last lets go.
 */
export function whileUsed(install: () => () => void): () => () => void {
  let users = 0;
  let undo: (() => void) | undefined;
  return () => {
    if (users++ === 0) undo = install();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--users === 0) {
        undo?.();
        undo = undefined;
      }
    };
  };
}

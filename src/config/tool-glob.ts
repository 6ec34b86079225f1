/**
 * The one reading of a policy rule's `tool:` (a name or a glob, picomatch syntax: `*`, `?`,
 * `{a,b}`, `[…]`): the policy engine enforces it, validate warns when it matches no tool, the
 * readiness card lists the rules that cover a tool. Compiled once per pattern.
 */
import picomatch from 'picomatch';

const matchers = new Map<string, (name: string) => boolean>();

/** True when the pattern (a tool name or a glob) covers the tool. */
export function toolMatches(pattern: string, tool: string): boolean {
  let isMatch = matchers.get(pattern);
  if (!isMatch) {
    // `dot`: a tool name may start with a dot (`.purge`), and `*` covers it as any other name (picomatch's default, for paths, skips dotfiles).
    isMatch = picomatch(pattern, { dot: true });
    matchers.set(pattern, isMatch);
  }
  return isMatch(tool);
}

/** True when the pattern holds glob syntax (`*`, `?`, `{a,b}`, `[…]`), not a plain tool name. */
export function isToolGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

/** The pattern as a regular expression (for callers that want one). */
export function globToRegExp(glob: string): RegExp {
  return picomatch.makeRe(glob, { dot: true });
}

/**
 * A user's regular expression (a matcher's `regex`, an output check's `regex`, a reply's `when`):
 * how it compiles at run time, and why it does not, for validate. One owner, so what validate
 * accepts is what the run compiles (with the `u` flag: `\-` or a lone `{` is an error there).
 */

/** The pattern compiled as the run compiles it; throws a SyntaxError when it does not compile. */
export function userRegex(pattern: string): RegExp {
  return new RegExp(pattern, 'u');
}

/** Why the pattern does not compile; undefined when it does. */
export function regexProblem(pattern: string): string | undefined {
  try {
    userRegex(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

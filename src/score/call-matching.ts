/**
 * Matching expected tool calls to the calls made, as pure index work over a `fits(i, j)` test:
 * unordered (a maximum bipartite matching) and in order (the longest in-order matching).
 * score/tools.ts decides what fits and scores the result.
 */

/** For each expected call, the index of the actual call it was matched with, or undefined. */
export type Assignment = (number | undefined)[];
/** How many calls were expected, and how many were made. */
export interface MatchSizes {
  expectedCount: number;
  callCount: number;
}

/**
 * Maximum bipartite matching by augmenting paths (Kuhn): a greedy first-fit could give an
 * early call to a loose expectation and leave a strict one unmatched.
 */
export function matchUnordered({ expectedCount, callCount }: MatchSizes, fits: (i: number, j: number) => boolean): Assignment {
  // Stryker disable next-line ArrayDeclaration: an empty array reads undefined where the filled one does, and forEach skips only those
  const expectedOfCall: (number | undefined)[] = new Array(callCount).fill(undefined);
  const augment = (i: number, visited: boolean[]): boolean => {
    for (let j = 0; j < callCount; j++) {
      if (visited[j] || !fits(i, j)) continue;
      visited[j] = true;
      const holder = expectedOfCall[j];
      if (holder === undefined || augment(holder, visited)) {
        expectedOfCall[j] = i;
        return true;
      }
    }
    return false;
  };
  // Stryker disable next-line ArrayDeclaration: an unvisited call reads undefined, as falsy as false
  for (let i = 0; i < expectedCount; i++) augment(i, new Array(callCount).fill(false));
  const assignment: Assignment = new Array(expectedCount).fill(undefined);
  expectedOfCall.forEach((i, j) => {
    if (i !== undefined) assignment[i] = j;
  });
  return assignment;
}

/**
 * The largest in-order matching (a longest common subsequence under `fits`), preferring the
 * earliest calls, so recall counts every expected call that can be placed in order.
 */
export function matchInOrder({ expectedCount, callCount }: MatchSizes, fits: (i: number, j: number) => boolean): Assignment {
  // best[i][j]: most expected calls from i on that fit, in order, into calls from j on.
  const best: number[][] = Array.from({ length: expectedCount + 1 }, () => new Array<number>(callCount + 1).fill(0));
  for (let i = expectedCount - 1; i >= 0; i--) {
    const row = best[i]!;
    const next = best[i + 1]!;
    for (let j = callCount - 1; j >= 0; j--) {
      row[j] = Math.max(next[j]!, row[j + 1]!, fits(i, j) ? 1 + next[j + 1]! : 0);
    }
  }
  const assignment: Assignment = new Array(expectedCount).fill(undefined);
  let i = 0;
  let j = 0;
  while (i < expectedCount && j < callCount) {
    const here = best[i]![j]!;
    // Equivalent mutant: the second condition as `true`: taking a fitting pair is always optimal, as
    // best[i+1][j] and best[i][j+1] never exceed 1 + best[i+1][j+1].
    if (fits(i, j) && here === 1 + best[i + 1]![j + 1]!) {
      assignment[i++] = j++;
    } else if (here === best[i]![j + 1]!) {
      j++;
    } else {
      i++;
    }
  }
  return assignment;
}

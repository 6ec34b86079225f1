/**
 * Which arguments of a tool call differ from an expected call's, said when the reason's print of
 * either call is cut (`send_email {to: "[email]", body: "Dear customer, thank you for writing to us about y…`)
 * and would hide them: a long argument wrong near its end, or a short one after a long one.
 */
import { matchArgs, type RedactedReading } from '../common/match.js';
import { farDifference } from '../common/text-difference.js';
import type { ExpectedCall } from '../config/schema/suite.js';
import { formatValue, printIsCut } from './format-call.js';

/** Mismatches a note names at most; it counts the others. */
const MAX_NAMED = 3;

/**
 * ` (where it differs: body differs from character 98: expected "…ships tomorrow", found "…ships today")` for the
 * arguments of `actual` that fail `expected.args`, when the print of either call is cut; '' when
 * both print whole (the reason shows them) or nothing differs in the arguments. An argument the
 * expectation does not name (`exact: true`) is left to the note that says so.
 */
export function argsDifference({ expected, actual, reading }: { expected: ExpectedCall; actual: unknown; reading: RedactedReading | undefined }): string {
  if (expected.args === undefined || (!printIsCut(expected.args) && !printIsCut(actual))) return '';
  const mismatches = matchArgs({ expected: expected.args, actual, exact: expected.exact, reading }).mismatches.filter((mismatch) => mismatch.expected !== undefined);
  if (mismatches.length === 0) return '';
  const named = mismatches.slice(0, MAX_NAMED).map(({ path, expected: wanted, found }) => {
    const far = typeof wanted === 'string' && typeof found === 'string' ? farDifference({ expected: wanted, found, shown: 0 }) : undefined;
    const where = path || 'the arguments';
    return far === undefined ? `${where}: expected ${formatValue(wanted)}, found ${found === undefined ? 'nothing' : formatValue(found)}` : `${where} differs ${far}`;
  });
  const more = mismatches.length - named.length;
  return ` (where it differs: ${named.join('; ')}${more > 0 ? `; ${more} more` : ''})`;
}

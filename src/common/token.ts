/**
 * The run's token as an endpoint checks it (SPEC §11 "Token"): compared in constant time, so that
 * how long a refusal takes says nothing of how much of a guess was right.
 */
import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is `expected`, compared in constant time for strings of one length. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** What a request without the run's token is told, with its 401 (the tools endpoint and the MCP endpoint). */
export const UNAUTHORIZED_MESSAGE = 'unauthorized: send Authorization: Bearer <token> from the run params';

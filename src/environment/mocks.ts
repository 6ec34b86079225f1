/**
 * Mock answers: the case's mocks first (first matching `when` wins), else — unless the tool has a
 * handler, which answers before its default — the tool's default mock.
 */
import { matchArgs } from '../common/match.js';
import type { CaseMock, Tool } from '../config/schema/index.js';

export type MockAnswer =
  | { kind: 'answer'; result: unknown }
  | { kind: 'error'; error: { kind: string; message: string } }
  | { kind: 'not_mocked' }
  /** No case mock matched and the tool has a handler: it answers. */
  | { kind: 'handler' };

export function findMockAnswer(tool: Tool, { caseMocks, args }: { caseMocks: readonly CaseMock[]; args: Record<string, unknown> }): MockAnswer {
  // Stryker disable next-line ObjectLiteral: `{}` leaves exact undefined, as falsy as false
  const mock = caseMocks.find((m) => m.tool === tool.name && (m.when === undefined || matchArgs({ expected: m.when, actual: args, exact: false }).pass));
  if (mock === undefined && tool.handler !== undefined) return { kind: 'handler' };
  const source = mock ?? tool.mock;
  if (source === undefined) return { kind: 'not_mocked' };
  if (source.error) {
    return { kind: 'error', error: { kind: source.error.kind, message: source.error.message ?? source.error.kind } };
  }
  return { kind: 'answer', result: source.result ?? null };
}

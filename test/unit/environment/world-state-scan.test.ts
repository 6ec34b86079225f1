// A world's state is scanned for its depth only when a call changed it: a read-only lookup in a
// large state (a 2 MB catalogue) costs no walk of its text.
import { describe, expect, it, vi } from 'vitest';
import { jsonNestedPast } from '../../../src/config/json-depth.js';
import { World, type HandlerFn } from '../../../src/environment/world.js';

vi.mock('../../../src/config/json-depth.js', async (original) => {
  const actual = await original<typeof import('../../../src/config/json-depth.js')>();
  return { ...actual, jsonNestedPast: vi.fn(actual.jsonNestedPast) };
});

describe('World state depth', () => {
  it('is checked after a call that changed the state, not after one that only read it', async () => {
    const world = new World({ items: [{ id: 1 }, { id: 2 }], seen: 0 });
    const k = { id: 'k', context: {} };
    const scans = vi.mocked(jsonNestedPast);
    scans.mockClear();
    const look: HandlerFn = (args, w) => (w.state.items as { id: number }[]).find((item) => item.id === args.id) ?? null;
    for (let call = 1; call <= 3; call++) expect(await world.call({ fn: look, args: { id: 1 }, kase: k, call })).toMatchObject({ kind: 'result', change: [] });
    expect(scans).not.toHaveBeenCalled();
    const mark: HandlerFn = (_args, w) => { w.state.seen = 1; return 'ok'; };
    expect((await world.call({ fn: mark, args: {}, kase: k, call: 4 })).change).toHaveLength(1);
    expect(scans).toHaveBeenCalledTimes(1);
  });
});

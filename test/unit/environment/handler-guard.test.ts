// A tool handler runs under the user code's watchdog (adapters/user-code-watchdog.ts guardUserCode),
// named with its tool and case and bounded by the case's time limit: a handler that blocks the
// event loop ends the run, named, instead of hanging it (the watchdog itself: test/e2e/user-code-blocks.test.ts).
import { describe, expect, it, vi } from 'vitest';

const guarded = vi.hoisted(() => ({ calls: [] as { label: string; timeoutMs: number }[], inside: false }));
vi.mock('../../../src/adapters/user-code-watchdog.js', () => ({
  guardUserCode: async <T>(guard: { label: string; timeoutMs: number }, run: () => Promise<T>): Promise<T> => {
    guarded.calls.push(guard);
    guarded.inside = true;
    try {
      return await run();
    } finally {
      guarded.inside = false;
    }
  },
}));

const { CaseEnvironment } = await import('../../../src/environment/host.js');
const { handlerKey, World } = await import('../../../src/environment/world.js');
const { kase, tool } = await import('./fixtures.js');

describe('a tool handler', () => {
  it('runs inside the user code guard, named with its tool and case, bounded by the case\'s time limit', async () => {
    const lookup = tool('lookup_order', { tier: 'autonomous', handler: { spec: './tools.js#lookup', file: '/virtual/tools.js', exportName: 'lookup' } });
    let ranInside: boolean | undefined;
    const env = new CaseEnvironment({
      traceId: 't', kase: kase({ id: 'where-is-it' }), tools: [lookup], rules: [], mode: 'normal', caps: {}, pricing: {},
      now: () => 0, timestamp: () => 'now', redactText: (text) => text, handlerTimeoutMs: 1234,
      world: new World({}),
      handlers: new Map([[handlerKey(lookup.handler!), () => ((ranInside = guarded.inside), { status: 'shipped' })]]),
    });
    expect(await env.callTool('lookup_order', {})).toMatchObject({ ok: true, result: { status: 'shipped' } });
    expect(ranInside).toBe(true);
    expect(guarded.calls).toEqual([{ label: 'the tool handler ./tools.js#lookup of lookup_order in case where-is-it', timeoutMs: 1234 }]);
  });
});

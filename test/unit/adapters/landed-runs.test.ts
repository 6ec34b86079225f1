import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANDED_KEPT, LandedRuns } from '../../../src/adapters/stdio-host.js';

/** The general keeping: a Set in landing order, its first entry let go past LANDED_KEPT. */
class KeptInOrder {
  readonly ids = new Set<string>();

  add(traceId: string): void {
    this.ids.add(traceId);
    if (this.ids.size > LANDED_KEPT) this.ids.delete(this.ids.values().next().value!);
  }
}

describe('LandedRuns', () => {
  it('keeps the trace ids the general keeping does, an id landing again included, through many turns of its ring', () => {
    // Ids drawn from a pool a little larger than what is kept, so that some land again, kept or let go.
    const id = fc.integer({ min: 0, max: LANDED_KEPT + LANDED_KEPT / 4 }).map((n) => `trace-${n}`);
    fc.assert(
      fc.property(fc.array(id, { minLength: LANDED_KEPT, maxLength: 4 * LANDED_KEPT }), (ids) => {
        const landed = new LandedRuns();
        const kept = new KeptInOrder();
        for (const traceId of ids) {
          landed.add(traceId);
          kept.add(traceId);
        }
        for (let n = 0; n <= LANDED_KEPT + LANDED_KEPT / 4; n++) {
          const traceId = `trace-${n}`;
          expect(landed.runFor(traceId) !== undefined, traceId).toBe(kept.ids.has(traceId));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers a kept id as a settled run whose calls are refused, and an id never landed not at all', async () => {
    const landed = new LandedRuns();
    landed.add('a');
    const run = landed.runFor('a');
    expect(run?.settled).toBe(true);
    await expect(run!.host.callTool('t', {})).resolves.toMatchObject({ ok: false });
    expect(landed.runFor('b')).toBeUndefined();
  });
});

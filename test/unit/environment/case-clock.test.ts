// The case's clock: the agent's time, not the harness's wait for a free agent slot.
import { describe, expect, it } from 'vitest';
import { CaseClock } from '../../../src/environment/case-clock.js';

function clock() {
  const time = { now: 1000 };
  return { time, clock: new CaseClock(() => time.now) };
}

describe('CaseClock', () => {
  it('runs from its start while no run is asked of an adapter', () => {
    const { time, clock: c } = clock();
    time.now += 40;
    expect(c.elapsed()).toBe(40);
    expect(c.elapsed(1010)).toBe(10);
  });

  it('starts at the first hand-off and stands still from each later asking to its hand-off', () => {
    const { time, clock: c } = clock();
    time.now += 5; // set-up before the first run
    c.asking();
    expect(c.elapsed()).toBe(0);
    time.now += 2000; // waiting for a slot
    expect(c.elapsed()).toBe(0);
    c.handedOff();
    time.now += 300; // the agent's time
    c.settled();
    expect(c.elapsed()).toBe(300);
    time.now += 50; // the user's next message
    c.asking();
    time.now += 1000; // waiting again
    c.handedOff();
    time.now += 100;
    c.settled();
    expect(c.elapsed()).toBe(450);
    // A model call the gateway timed from the start, 3,100 ms in: 3,005 ms of it were waits.
    expect(c.caseTime(3100)).toBe(95);
    expect(c.caseTime(10)).toBe(0);
  });

  it('takes a run whose adapter never says it was handed off to have been handed off when asked', () => {
    const { time, clock: c } = clock();
    c.asking();
    time.now += 700;
    c.settled();
    expect(c.elapsed()).toBe(700);
  });
});

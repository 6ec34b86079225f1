import { describe, expect, it } from 'vitest';
import { envSwitchSet } from '../../../src/cli/env-switch.js';

describe('envSwitchSet', () => {
  it('reads the words other CLIs read as "no", in any case, as not set', () => {
    for (const value of [undefined, '', ' ', '0', 'false', 'FALSE', 'No', 'off', ' Off ']) expect(envSwitchSet(value)).toBe(false);
  });

  it('reads any other value as set', () => {
    for (const value of ['1', 'true', 'yes', 'on', 'anything']) expect(envSwitchSet(value)).toBe(true);
  });
});

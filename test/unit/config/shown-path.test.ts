import { describe, expect, it } from 'vitest';
import { shownFolder, shownPath } from '../../../src/config/shown-path.js';

describe('shownPath', () => {
  it('shows a file under the folder relative to it, and one beside it with ..', () => {
    expect(shownPath('/home/u/proj/evals/a.suite.yaml', '/home/u/proj')).toBe('evals/a.suite.yaml');
    expect(shownPath('/home/u/proj/policy.yaml', '/home/u/proj/evals')).toBe('../policy.yaml');
    expect(shownPath('/home/u/other/x.yaml', '/home/u/proj')).toBe('../other/x.yaml');
  });

  it('shows a file that shares no folder with the current one but the root as its absolute path, not ../../nope', () => {
    expect(shownPath('/nope', '/tmp/proj')).toBe('/nope');
    expect(shownPath('/etc/agentready.yaml', '/home/u/proj')).toBe('/etc/agentready.yaml');
    expect(shownPath('/nope', '/')).toBe('nope');
  });

  it('shows the folder itself as given', () => {
    expect(shownPath('/home/u/proj', '/home/u/proj')).toBe('/home/u/proj');
  });

  it('shows a folder as a path, the current folder itself as .', () => {
    expect(shownFolder('/home/u/proj', '/home/u/proj')).toBe('.');
    expect(shownFolder('/home/u/proj/.agentready/runs', '/home/u/proj')).toBe('.agentready/runs');
    expect(shownFolder('/home/u/other', '/home/u/proj')).toBe('../other');
    expect(shownFolder('/srv/runs/r1', '/home/u/proj')).toBe('/srv/runs/r1');
  });
});

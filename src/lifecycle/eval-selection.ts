/**
 * What an `eval` runs, decided from what was asked: the cases its filters pick, or, under
 * `--resume`, those the interrupted run planned (its filters, shard, repeat and mode, which the
 * run folder remembers, so filters given beside --resume are refused).
 */
import { UsageError } from '../errors.js';
import type { Shard } from '../config/schema/index.js';
import type { CaseFilter } from '../run/index.js';
import type { ResumePlan } from './earlier-runs.js';

/** The selection flags of `eval` as the user gave them. */
export interface AskedSelection {
  suite?: string[];
  grep?: string[];
  tag?: string[];
  repeat?: number;
  shard?: Shard;
  killSwitch?: boolean;
  lastFailed?: boolean;
  /** --resume [run]: true for the newest run. */
  resume?: string | true;
}

/** The attempts an eval plans: the cases, how often each, in which mode, in which shard. */
export interface EvalSelection {
  filter: CaseFilter;
  repeat: number | undefined;
  killSwitch: boolean;
  shard: Shard | undefined;
}

/** The run `--resume` names (undefined: the newest); a UsageError for a filter given beside it. */
export function resumeRefOf(asked: AskedSelection & { resume: string | true }): string | undefined {
  const clash = [
    asked.suite?.length && '--suite',
    asked.grep !== undefined && '--grep',
    asked.tag?.length && '--tag',
    asked.repeat !== undefined && '--repeat',
    asked.shard && '--shard',
    asked.lastFailed && '--last-failed',
    asked.killSwitch && '--kill-switch',
  ].filter((flag): flag is string => typeof flag === 'string');
  if (clash.length > 0) {
    throw new UsageError(`--resume runs the cases the interrupted run planned: it cannot take ${clash.join(', ')}`, 'drop those flags; the run folder remembers its filters, shard, repeat and mode');
  }
  return asked.resume === true ? undefined : asked.resume;
}

/** The selection: the resumed run's as it recorded it, else the flags'. */
export function evalSelection({ asked, resumed }: { asked: AskedSelection; resumed: ResumePlan | undefined }): EvalSelection {
  if (resumed) {
    const { repeat, mode, ...filter } = resumed.selection;
    return { filter, repeat, killSwitch: mode === 'read_only', shard: filter.shard };
  }
  return {
    filter: { suites: asked.suite, grep: asked.grep, tags: asked.tag, ...(asked.shard ? { shard: asked.shard } : {}) },
    repeat: asked.repeat,
    killSwitch: asked.killSwitch === true,
    shard: asked.shard,
  };
}

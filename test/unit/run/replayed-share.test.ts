// A run made of parts run apart (a --resume's sessions, merged shards) under different --models:
// its summary says which of its dollars the cassettes answered, never all of them or none when
// only some were, and every report words it so.
import { describe, expect, it } from 'vitest';
import { replayedOfSession, replayedShare } from '../../../src/run/replayed-share.js';
import { formatRunCost } from '../../../src/report/format-figures.js';
import { costHotspots } from '../../../src/report/weekly/costs.js';
import type { ReviewedRun } from '../../../src/report/weekly/types.js';
import type { CaseResult } from '../../../src/config/schema/index.js';

describe('replayedOfSession', () => {
  const figures = [{ status: 'passed', cost_usd: 0.01 }, { status: 'skipped', cost_usd: 0 }, { status: 'failed', cost_usd: 0.02 }];
  const kept = [{ result: { cost_usd: 0.01 } }];

  it('says not replayed without adding up the figures when no session replayed', () => {
    const unread = {
      filter: () => {
        throw new Error('the figures were read');
      },
    } as unknown as typeof figures;
    expect(replayedOfSession({ now: false, kept: [], figures: unread, resume: undefined })).toEqual({ replayed: false });
    expect(replayedOfSession({ now: false, kept, figures: unread, resume: { replayed: false } })).toEqual({ replayed: false });
  });

  it('says replayed, or the replayed dollars, when a session replayed', () => {
    expect(replayedOfSession({ now: true, kept: [], figures, resume: undefined })).toEqual({ replayed: true });
    // The earlier session (the kept attempt, $0.01) replayed; this one (the failed attempt, $0.02) ran live.
    expect(replayedOfSession({ now: false, kept, figures, resume: { replayed: true } })).toEqual({ replayed: false, replayed_usd: 0.01 });
    expect(replayedOfSession({ now: false, kept, figures, resume: { replayedUsd: 0.005 } })).toEqual({ replayed: false, replayed_usd: 0.005 });
  });
});

describe('replayedShare', () => {
  it('says all when every part with attempts replayed, nothing when none did', () => {
    expect(replayedShare([{ attempts: 2, usd: 0.02, replayed: true }, { attempts: 0, usd: 0, replayed: false }], false)).toEqual({ replayed: true });
    expect(replayedShare([{ attempts: 2, usd: 0.02, replayed: false }, { attempts: 3, usd: 0.03, replayed: false }], true)).toEqual({});
    // Nothing ran: the session's own mode.
    expect(replayedShare([{ attempts: 0, usd: 0, replayed: false }], true)).toEqual({ replayed: true });
  });

  it('gives the replayed part\'s dollars when the parts differ: a resume of a replayed session run live, and the other way round', () => {
    expect(replayedShare([{ attempts: 2, usd: 0.02, replayed: true }, { attempts: 3, usd: 0.03, replayed: false }], false)).toEqual({ replayed_usd: 0.02 });
    expect(replayedShare([{ attempts: 2, usd: 0.02, replayed: false }, { attempts: 3, usd: 0.03, replayed: true }], true)).toEqual({ replayed_usd: 0.03 });
    // An earlier part itself mixed counts its own replayed dollars, never more than it kept.
    expect(replayedShare([{ attempts: 2, usd: 0.02, replayed: false, replayedUsd: 0.01 }, { attempts: 1, usd: 0.01, replayed: true }], true)).toEqual({ replayed_usd: 0.02 });
    expect(replayedShare([{ attempts: 1, usd: 0.005, replayed: false, replayedUsd: 0.01 }, { attempts: 1, usd: 0.01, replayed: false }], false)).toEqual({ replayed_usd: 0.005 });
  });
});

describe('a partly replayed run in the reports', () => {
  it('says how much of the total was replayed', () => {
    expect(formatRunCost(0.05, { replayed_usd: 0.02 })).toBe('$0.05 ($0.02 of it replayed, not spent)');
    expect(formatRunCost(0.05, { replayed: true })).toBe('$0.05 (replayed, not spent)');
    expect(formatRunCost(0.05, { replayed: false })).toBe('$0.05');
  });

  it('counts the replayed part in the weekly review\'s replayed dollars', () => {
    const result = { suite: 's', case_id: 'a', attempt: 1, status: 'passed', cost_usd: 0.05 } as CaseResult;
    const run = (over: Partial<ReviewedRun>): ReviewedRun => ({ run_id: 'r', started_at: '2026-03-01T00:00:00.000Z', results: [result], traces: [], recorded: false, ...over });
    expect(costHotspots([run({ replayedUsd: 0.02 })])).toMatchObject({ total_usd: 0.05, replayed_usd: 0.02 });
    expect(costHotspots([run({ replayed: true })])).toMatchObject({ replayed_usd: 0.05 });
  });
});

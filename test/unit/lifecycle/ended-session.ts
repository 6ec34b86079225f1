/** A session that ended, for lifecycle tests: one stdio agent, run r1, no attempts unless given. */
import type { SessionResult } from '../../../src/run/index.js';

export function endedSession(overrides: Partial<SessionResult> = {}): SessionResult {
  return {
    run_id: 'r1',
    run_dir: '/nowhere/r1',
    agent: { name: 'agent', version: '1', concurrency: 1 },
    adapter: 'stdio',
    suites: [],
    concurrency: 1,
    started_at: '2026-12-05T00:00:00.000Z',
    finished_at: '2026-12-05T00:00:01.000Z',
    duration_ms: 1000,
    results: [],
    figures: [],
    interrupted: false,
    skipped_for_cost: 0,
    fingerprint: 'f',
    timings: { agent_start_ms: 1, cases_ms: 1 },
    warnings: [],
    unauthenticated_requests: 0,
    redacted: true,
    ...overrides,
  };
}

// A run's warnings are redacted in one place, the lifecycle, whatever the source (a live run, recorded
// traces, a run folder, merged shards): what any of them quotes of the agent's text reaches the
// terminal and summary.json redacted, unless the command was told --no-redact.
import { describe, expect, it } from 'vitest';
import { runLifecycle, type CaseSource } from '../../../src/lifecycle/index.js';
import { endedSession } from './ended-session.js';

const QUOTED = 'the agent wrote "mail jane.doe@example.com, api_key=sk_live_4eC39HqLyjWDarjtT1zdp7dc" on stdout';

function source(redact: boolean, warnings = [QUOTED]): CaseSource {
  return { writesRunFolder: false, redact, run: () => Promise.resolve(endedSession({ warnings })) };
}

const run = (redact: boolean, warnings?: string[]) =>
  runLifecycle({ source: source(redact, warnings), reporters: [], judge: () => ({ kind: 'ungated' }), signal: new AbortController().signal, maxErrorRate: 0, killSwitch: false, cwd: '/nowhere' });

describe("a run's warnings", () => {
  it('are redacted whatever the source left in them', async () => {
    const outcome = await run(true);
    expect(outcome.warnings).toEqual(['the agent wrote "mail [email], api_key=[secret]" on stdout']);
    expect(outcome.session?.warnings).toEqual(outcome.warnings);
  });

  it('are said once when the same warning comes both as written and as redacted (a resumed run: its earlier session\'s from summary.json, redacted; this session\'s as the agent wrote it)', async () => {
    const redacted = (await run(true)).warnings[0]!;
    expect((await run(true, [redacted, QUOTED])).warnings).toEqual([redacted]);
  });

  it('are kept as written under --no-redact', async () => {
    expect((await run(false)).warnings).toEqual([QUOTED]);
  });
});

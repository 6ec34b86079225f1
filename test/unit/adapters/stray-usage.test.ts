// The run-end warning of usage reports that named no case in flight quotes the first one's trace_id: redacted as
// sent, then escaped for printing, so an escape's letters never join what redaction reads (the lifecycle redacts the
// warnings again, which leaves it as it is).
import { describe, expect, it } from 'vitest';
import { hostHandlers, StrayUsage } from '../../../src/adapters/stdio-host.js';
import { redactions } from '../../../src/common/redact-deep.js';
import { EXCERPT_CHARS, excerpt } from '../../../src/common/shorten.js';

const { text: redactText } = redactions(true);

// The first's quote in the warning as the run's summary keeps it: the adapter's warning, redacted by the lifecycle.
function quoted(traceId: string | undefined, redact = redactText): string {
  const stray = new StrayUsage();
  stray.add(traceId);
  stray.add('another');
  return /the first: (.*)\) and were not counted/s.exec(redact(stray.warning(redact)!))![1]!;
}

describe('StrayUsage', () => {
  it('redacts the trace_id before escaping it: no escape loses its letters to a placeholder, no text around is taken for an address', () => {
    // Terminal escapes and a NUL within an address do not hide it from redaction: read through, it is one address (escaped first, `\[email]` was left).
    expect(quoted('x\u009b31mRED\u0000bob@example.com')).toBe('trace_id "[email]"');
    expect(quoted('x\u009b31mRED\u001bbob@example.com')).toBe('trace_id "[email]"');
    expect(quoted('RED\u2028bob@example.com')).toBe('trace_id "RED\\u2028[email]"');
  });

  it('escapes it as written under --no-redact, cuts a long one with …, and says when there was none', () => {
    const asWritten = (text: string) => text;
    expect(quoted('x\u001bbob@example.com', asWritten)).toBe('trace_id "x\\u001bbob@example.com"');
    expect(quoted('t'.repeat(EXCERPT_CHARS + 5))).toBe(`trace_id "${'t'.repeat(EXCERPT_CHARS)}…"`);
    expect(quoted(undefined)).toBe('no trace_id');
  });
});

describe('the agent log line of a usage report that names no case', () => {
  it('says a report without a trace_id had none, not that it named an unknown trace_id ""', () => {
    const noted: string[] = [];
    const strays: Array<string | undefined> = [];
    const { notifications } = hostHandlers({ runFor: () => undefined, noise: (line) => noted.push(line), quote: excerpt, onLateUsage: () => undefined, onStrayUsage: (traceId) => strays.push(traceId) });
    void notifications.usage!({ model: 'm', input_tokens: 1, output_tokens: 1 });
    void notifications.usage!({ trace_id: 'tr-9', model: 'm', input_tokens: 1, output_tokens: 1 });
    expect(noted).toEqual(['usage without a trace_id ignored', 'usage for an unknown trace_id "tr-9" ignored']);
    expect(strays).toEqual([undefined, 'tr-9']);
  });
});

/**
 * An http target whose `start.env` gives the server a PORT other than `url`'s port: the server
 * listens where agentready does not look, and the run waits `ready_timeout_ms` (10 s) for an answer
 * that never comes before it stops at AGENT_START (exit 3). Changing one of the two and not the
 * other is the mistake; a warning at the PORT, before the agent starts.
 */
import { issueAtPath } from './locate.js';
import type { Rule } from './rules.js';

/** The port a URL reaches: its own, or its scheme's. */
function portOf(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    return parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  } catch {
    return undefined;
  }
}

export const startPortMatchesUrl: Rule = (ctx) => {
  const config = ctx.config;
  const target = config?.value.target;
  if (config === undefined || target?.adapter !== 'http' || !target.start) return;
  const given = target.start.env?.['PORT'];
  // A port written as a whole number; a `${VAR}` left unresolved, or none, says nothing.
  if (typeof given !== 'string' || !/^\d+$/.test(given.trim())) return;
  if (typeof target.url !== 'string') return;
  const port = portOf(target.url);
  if (port === undefined || Number(given.trim()) === port) return;
  ctx.report(issueAtPath({ yaml: config.yaml, path: ['target', 'start', 'env', 'PORT'] }, {
    path: 'target.start.env.PORT',
    code: 'start_port_mismatch',
    severity: 'warning',
    message: `the server is started with PORT ${given.trim()}, but target.url is at port ${port}`,
    expected: `the port of target.url (${port}), where agentready waits for the server to answer`,
    found: `${JSON.stringify(given)}: the server would listen at port ${given.trim()} and never answer at ${target.url}, so the run would wait out its start's time limit and stop (exit 3)`,
  }));
};

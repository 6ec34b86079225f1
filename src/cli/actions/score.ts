/**
 * `agentready score <traces>`: shadow mode. Scores recorded traces (JSONL of exec results naming
 * their case) against the suites' expectations, with the eval's table, reporters and gate.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError, UsageError } from '../../errors.js';
import { ReporterHub } from '../../report/hub.js';
import { createReporters } from '../../report/registry.js';
import { defaultRunsRoot, matchRecordedTraces, parseRecordedTraces, scoreTraces } from '../../run/index.js';
import { watchInterrupts } from '../interrupt.js';
import { loadConfigFor } from './common.js';
import { concludeRun } from './eval.js';
import type { GlobalOptions } from '../program.js';

export interface ScoreFlags {
  reporter?: string[];
  gate: boolean;
  redact: boolean;
}

export async function runScoreCommand(globals: GlobalOptions, tracesPath: string, flags: ScoreFlags): Promise<number> {
  const config = await loadConfigFor(globals);
  const file = resolve(process.cwd(), tracesPath);
  const shown = relative(process.cwd(), file) || file;
  const text = readTraces(file, shown);
  const parsed = parseRecordedTraces(text, shown);
  const matched = matchRecordedTraces(parsed.lines, config.suites, shown);
  const issues = [...parsed.issues, ...(matched.ok ? [] : matched.issues)].sort((a, b) => a.line - b.line);
  if (issues.length > 0 || !matched.ok) throw new ConfigError(issues, `${shown} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`);

  const hub = new ReporterHub(
    createReporters(flags.reporter ?? [], { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env }),
  );
  const interrupts = watchInterrupts(() => process.stderr.write('\nagentready: interrupted — finishing what has been scored…\n'));
  try {
    const session = await scoreTraces({
      config,
      traces: matched.value,
      file,
      redact: flags.redact,
      runsRoot: defaultRunsRoot(config.rootDir),
      signal: interrupts.signal,
      onStart: (start) =>
        hub.onRunStart({
          run_id: start.run_id,
          run_dir: start.run_dir,
          agent: { name: start.agent.name, version: start.agent.version },
          adapter: start.adapter,
          suites: start.suites,
          total: start.total,
          concurrency: start.concurrency,
          kill_switch: false,
        }),
      onCaseEnd: ({ result, trace, attempt }) => hub.onCaseEnd({ result, trace, location: attempt.kase.location }),
    });
    return await concludeRun({ session, config, hub, gate: flags.gate });
  } finally {
    interrupts.dispose();
    await hub.onExit();
  }
}

function readTraces(file: string, shown: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the traces file ${shown}${code ? ` (${code})` : ''}`, 'give the path of a JSONL file, one recorded trace per line');
  }
}

/**
 * `agentready card`: the 60-second readiness explanation (SPEC §8). Reads the config, the
 * newest runs' summary.json and results.jsonl, whether a baseline exists (and git tracks it) and
 * a CI workflow exists, then prints the card as text, markdown or JSON.
 */
import { redactDeep } from '../../common/redact-deep.js';
import { hasCiWorkflow } from '../../config/ci-workflow.js';
import { utcDay } from '../../config/index.js';
import { baselineState } from '../../gate/index.js';
import { EXIT, UsageError } from '../../errors.js';
import { buildCard, formatCardMarkdown, formatCardText } from '../../report/card/index.js';
import { createScreen } from '../../report/screen.js';
import { cardRuns } from '../../lifecycle/index.js';
import { defaultRunsRoot } from '../../run/index.js';
import { writeOut } from '../print.js';
import { loadConfigFor } from './common.js';
import type { GlobalOptions } from '../program.js';
import { jsonText } from '../../common/sanitize.js';
import { shownPath } from '../../config/shown-path.js';

export const CARD_FORMATS = ['text', 'markdown', 'json'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

export interface CardFlags {
  format: string;
}

export async function runCardCommand(globals: GlobalOptions, flags: CardFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const config = await loadConfigFor(globals, { agentless: true });
  const cwd = process.cwd();
  const runs = cardRuns({ runsRoot: defaultRunsRoot(config.rootDir), suites: config.suites, cwd, configFile: config.file });
  const card = redactDeep(
    buildCard({
      config,
      relativePath: (path) => shownPath(path, cwd),
      baseline: await baselineState(config.baselinePath),
      ciWorkflow: hasCiWorkflow(config.rootDir),
      lastRun: runs.lastRun,
      killSwitchRun: runs.killSwitchRun,
      ...(runs.noRun ? { noRun: runs.noRun } : {}),
      today: utcDay(new Date()),
    }),
  );
  if (format === 'json') writeOut(`${jsonText(card, 2)}\n`);
  else if (format === 'markdown') writeOut(formatCardMarkdown(card));
  else writeOut(formatCardText(createScreen({ env: process.env, stream: process.stdout }), card));
  return EXIT.PASSED;
}

// Returns the format flag as a CardFormat, or throws a usage error naming the choices.
function parseFormat(raw: string): CardFormat {
  if ((CARD_FORMATS as readonly string[]).includes(raw)) return raw as CardFormat;
  throw new UsageError(`unknown card format "${raw}"`, `formats: ${CARD_FORMATS.join(', ')}`);
}

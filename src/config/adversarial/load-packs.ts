/**
 * Payload packs: the shipped ones (this package's fixtures/adversarial/*.yaml) and the user's
 * (`adversarial_packs:` globs), each checked against AdversarialPackSchema with positions.
 */
import { packageFile } from '../package-root.js';
import type { ConfigIssue } from '../../errors.js';
import { issueAtPath } from '../locate.js';
import { globFiles, readText, unreadableIssue } from '../read.js';
import { AdversarialPackSchema, type AdversarialPack, type AdversarialPayloads } from '../schema/adversarial-packs.js';
import type { WrittenConfig } from '../schema/config.js';
import { checkSource, type CheckedFile } from '../validate.js';
import { emptyPayloads } from '../expand-adversarial.js';
import { matchProjectGlob, writtenGlobs, type GlobWords, type OtherFile } from '../project-globs.js';

export const SHIPPED_PACKS_DIR = packageFile('fixtures/adversarial');

/** Every pack's payloads by category (shipped first, then the user's in glob order), and the pack files read; problems go to `issues`. */
export function loadPacks(input: {
  config: CheckedFile<WrittenConfig>;
  rootDir: string;
  display: (absPath: string) => string;
  issues: ConfigIssue[];
  /** The files the project reads as something else (the config, its policy, the suites): no glob of packs may match one. */
  notPacks: readonly OtherFile[];
}): { payloads: AdversarialPayloads; files: string[] } {
  const { display, issues } = input;
  const payloads = emptyPayloads();
  /** Where each payload id was first seen, per category: its pack and its index there. */
  const seen = new Map<string, { file: string; index: number }>();
  const files = packFiles(input);
  for (const absPath of files) {
    const read = readText(absPath);
    if (!read.ok) {
      issues.push(unreadableIssue({ ...read, file: display(absPath) }, 'a readable payload pack'));
      continue;
    }
    const checked = checkSource({ source: read.text, file: display(absPath), schema: AdversarialPackSchema });
    issues.push(...checked.issues);
    const pack: AdversarialPack | undefined = checked.value;
    if (!pack) continue;
    pack.payloads.forEach((payload, j) => {
      const key = `${pack.category}/${payload.id}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, { file: display(absPath), index: j });
        (payloads[pack.category] as unknown[]).push(payload);
        return;
      }
      const samePack = first.file === display(absPath);
      issues.push(issueAtPath({ yaml: checked.yaml, path: ['payloads', j, 'id'] }, {
        path: `payloads[${j}].id`,
        code: 'duplicate_payload_id',
        message: samePack ? `payload id "${payload.id}" is already used at payloads[${first.index}] of this pack` : `payload id "${payload.id}" is already used in ${first.file}`,
        expected: samePack ? `a ${pack.category} payload id used once in its pack` : `a ${pack.category} payload id not used by another pack`,
        found: JSON.stringify(payload.id),
      }));
    });
  }
  return { payloads, files };
}

const PACK_GLOBS: GlobWords = { key: 'adversarial_packs', noun: 'adversarial_packs glob', files: 'payload packs', example: 'evals/adversarial/*.yaml' };

/** The shipped pack files, then each user glob's matches (each file once); a glob matching nothing, leaving the project or matching a file that is no pack is an issue. */
function packFiles(input: { config: CheckedFile<WrittenConfig>; rootDir: string; display: (absPath: string) => string; issues: ConfigIssue[]; notPacks: readonly OtherFile[] }): string[] {
  const { config, rootDir, display } = input;
  const files = new Set(globFiles('*.yaml', SHIPPED_PACKS_DIR));
  userGlobs(config).forEach((pattern, i) => {
    const { files: matched, issue } = matchProjectGlob({ config, rootDir, display, others: input.notPacks }, { pattern, index: i, words: PACK_GLOBS });
    matched.forEach((file) => files.add(file));
    if (issue) {
      input.issues.push(issue);
      return;
    }
    if (matched.length > 0) return;
    input.issues.push(issueAtPath({ yaml: config.yaml, path: ['adversarial_packs', i] }, {
      path: `adversarial_packs[${i}]`,
      code: 'no_pack_files',
      message: `no payload pack matches ${pattern}`,
      expected: 'a glob matching at least one payload pack, relative to the config file\'s folder',
      found: `no file matches ${JSON.stringify(pattern)}`,
    }));
  });
  return [...files];
}

/** `adversarial_packs:` of the config; with an invalid config, whatever strings it holds there. */
function userGlobs(config: CheckedFile<WrittenConfig>): string[] {
  if (config.value) return config.value.adversarial_packs ?? [];
  const raw = (config.data as Record<string, unknown> | undefined)?.adversarial_packs;
  return writtenGlobs(raw);
}

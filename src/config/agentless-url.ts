/**
 * For a command that starts no agent: a config whose `target.url` is an unset `${NAME}` left as
 * written (`"${AGENT_URL}"`, `"http://127.0.0.1:${PORT}/"`) fails the schema's URL check, so the
 * config would have no value and the command would stop (exit 2) for a variable only starting the
 * agent reads. Here the rest of the config is checked with a placeholder URL at `target.url`; the
 * placeholder goes nowhere else: the value keeps the URL as written, as for every agent-only field.
 * Only `url`: every other field under `target` takes `${NAME}` as written.
 */
import type { ConfigIssue } from '../errors.js';
import { WrittenConfigSchema, type WrittenConfig } from './schema/config.js';
import type { Salvaged } from './salvage.js';
import type { CheckedFile } from './validate.js';

const PLACEHOLDER_URL = 'http://agentready.invalid/';

/** The config checked with the placeholder at an unset `target.url`; as given when there is none, or when the rest fails the schema too. */
export function withUnsetUrlPlaceholder(written: CheckedFile<WrittenConfig>): CheckedFile<WrittenConfig> {
  if (written.value !== undefined || !written.issues.some(isUnsetUrl)) return written;
  const data = written.data as { target?: { url?: unknown } } | undefined;
  const target = data?.target;
  if (typeof target !== 'object' || target === null || Array.isArray(target) || typeof target.url !== 'string') return written;
  const parsed = WrittenConfigSchema.safeParse({ ...data, target: { ...target, url: PLACEHOLDER_URL } }, { jitless: true });
  if (!parsed.success || parsed.data.target.adapter !== 'http') return written;
  const value: WrittenConfig = { ...parsed.data, target: { ...parsed.data.target, url: target.url } };
  return { ...written, value, salvaged: value as Salvaged<WrittenConfig> };
}

function isUnsetUrl(issue: ConfigIssue): boolean {
  return issue.code === 'env_unset' && issue.path === 'target.url';
}

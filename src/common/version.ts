/** agentready's own version, as its package.json says (for --version and the OTLP scope). */
import { readFileSync } from 'node:fs';

export function agentreadyVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The yaml package (the located parse), loaded on first use: a well-formed file read the fast way
 * (fast-yaml.ts) never needs it, and loading it costs a run start-up time and memory.
 */
import { createRequire } from 'node:module';

type YamlLib = typeof import('yaml');

let lib: YamlLib | undefined;

export function yamlLib(): YamlLib {
  return (lib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

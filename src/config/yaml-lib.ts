/**
 * The yaml package (the located parse), loaded on first use: a well-formed file read the fast way
 * (fast-yaml.ts) never needs it, and loading it costs a run start-up time and memory.
 */
import { packageRequire } from './package-root.js';

type YamlLib = typeof import('yaml');

let lib: YamlLib | undefined;

export function yamlLib(): YamlLib {
  return (lib ??= packageRequire('yaml') as YamlLib);
}

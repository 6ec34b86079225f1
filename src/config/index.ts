/** config/: find, read, validate and resolve agentready's files. Only resolved types leave it. */
export { checkConfig, loadConfig, type CheckedConfig, type CheckedSuite, type LoadOptions } from './load.js';
export { BUNDLED_EXAMPLE_CONFIG, bundledDefaultFor, findConfigFile } from './find.js';
export { validateConfigSource, validatePolicySource, validateSuiteSource, type SourceResult } from './validate.js';
export { DEFAULT_BASELINE, DEFAULT_GATE, DEFAULT_RUN, DEFAULT_SUITES } from './defaults.js';
export { canonicalJson, fingerprint } from './fingerprint.js';
export { isQuarantined, utcDay } from './quarantine.js';
export type { Env } from './interpolate.js';
export type * from './schema/resolved.js';

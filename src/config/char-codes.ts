/**
 * The character codes the YAML and JSON scanners (fast-yaml.ts, line-yaml.ts, json-depth.ts,
 * json-line-locate.ts, json-duplicate-key.ts) and the run folder's byte readers and writers
 * (run/run-folder.ts, run/trace-lines.ts) look for, by name.
 */
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const DOUBLE = 0x22;
export const HASH = 0x23;
export const SINGLE = 0x27;
export const COMMA = 0x2c;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const AT = 0x40;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

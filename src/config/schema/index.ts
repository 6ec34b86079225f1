export * from './matcher.js';
export * from './config.js';
export * from './suite.js';
export * from './policy.js';
export * from './trace.js';
export * from './results.js';
export * from './baseline.js';
export type * from './resolved.js';

/** The built-in reporters' names, in the order help lists them; registry.ts maps each to its factory (the compiler checks both agree). */
export const REPORTER_NAMES = ['terminal', 'json', 'junit', 'markdown', 'github', 'html'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

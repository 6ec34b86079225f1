/**
 * The modes a run's cases run in, as a plain list: `read_only` is `eval --kill-switch`'s, every
 * write tool denied and the case judged by the readiness check (SPEC §3). Written in results.jsonl's
 * header, each trace record and each run request to the agent.
 */
export const RUN_MODES = ['normal', 'read_only'] as const;
export type RunMode = (typeof RUN_MODES)[number];

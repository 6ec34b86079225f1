/**
 * The model gateway's modes as a plain list: the command parser offers them for `--models`
 * without building config.ts's schemas (nor loading zod) on every command.
 */
export const MODEL_MODES = ['live', 'record', 'replay'] as const;
export type ModelMode = (typeof MODEL_MODES)[number];
/** The modes that go through the cassettes: `record` writes them, `replay` answers from them. */
export type CassetteMode = Exclude<ModelMode, 'live'>;

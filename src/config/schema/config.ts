import { z } from 'zod';
import { AdversarialSettingsSchema } from './adversarial.js';
import { MAX_REPEAT } from '../defaults.js';
import { MODEL_MODES } from './model-modes.js';
import { FRACTION_BOUND, GateSchema } from './gate.js';
import { PriceSchema } from './price.js';

const commandSchema = z.array(z.string().min(1)).min(1).describe('argv of the agent: [program, ...args]');
const envSchema = z.record(z.string(), z.string()).describe('Extra environment variables for the agent.');

export const StdioTargetSchema = z.strictObject({
  adapter: z.literal('stdio'),
  command: commandSchema,
  cwd: z.string().optional(),
  env: envSchema.optional(),
});
export const ExecTargetSchema = z.strictObject({
  adapter: z.literal('exec'),
  command: commandSchema,
  cwd: z.string().optional(),
  env: envSchema.optional(),
});
/** An http:// or https:// URL: `localhost:8123` parses as a URL of scheme `localhost:`, which no request can reach. */
function httpUrl() {
  return z.string().url({ protocol: /^https?$/ });
}
export const HttpServerStartSchema = z
  .strictObject({
    command: commandSchema,
    cwd: z.string().optional().describe('Folder to run it in, relative to the config (default: the config\'s folder).'),
    env: envSchema.optional(),
    ready_timeout_ms: z.number().int().positive().optional().describe('How long it may take to accept connections at `url` (default run.start_timeout_ms).'),
  })
  .describe('A server agentready starts before the run and stops after it, with everything it started.');
export const HttpTargetSchema = z.strictObject({
  adapter: z.literal('http'),
  url: httpUrl(),
  headers: z.record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name: letters, digits and !#$%&\'*+-.^_`|~ (no spaces or colons)'),
    z.string().regex(/^[^\r\n\0]*$/, 'an HTTP header value on one line'),
  ).optional(),
  concurrency: z.number().int().positive().optional(),
  start: HttpServerStartSchema.optional(),
});
export const ModuleTargetSchema = z.strictObject({
  adapter: z.literal('module'),
  module: z.string().min(1),
});
export const TargetSchema = z.discriminatedUnion('adapter', [
  StdioTargetSchema,
  HttpTargetSchema,
  ModuleTargetSchema,
  ExecTargetSchema,
]);
export type Target = z.infer<typeof TargetSchema>;

/** The longest delay a Node timer keeps (2^31 − 1 ms, about 24.8 days); past it a timer fires at once. */
const TIMER_MAX_MS = 2_147_483_647;

export const RunSettingsSchema = z.strictObject({
  concurrency: z.number().int().positive().optional().describe('Cases in flight at once (default 16).'),
  repeat: z.number().int().positive().max(MAX_REPEAT).optional().describe(`Attempts per case (default 1, at most ${MAX_REPEAT}).`),
  timeout_ms: z.number().int().positive().max(TIMER_MAX_MS).optional().describe('Per-case time limit (default 30000).'),
  seed: z.number().int().optional().describe('Seed for deterministic expansion and ordering (default 1).'),
  workers: z.number().int().positive().optional().describe('stdio: agent processes to start (default 1).'),
  max_error_rate: z.number().min(0, FRACTION_BOUND).max(1, FRACTION_BOUND).optional().describe('Harness errors tolerated, as a fraction (default 0).'),
  start_timeout_ms: z.number().int().positive().max(TIMER_MAX_MS).optional().describe('stdio: time an agent gets to answer `initialize` and `shutdown` (default 10000).'),
  max_turns: z.number().int().positive().optional().describe('With a user simulator: the most turns of one conversation (default 10).'),
});

/** A process that plays the user: it answers `user/reply` over stdio JSON-RPC with `{say}` or `{stop: true}`. */
export const UserSimulatorSchema = z.strictObject({
  command: commandSchema.describe('argv of the user simulator: [program, ...args]'),
  cwd: z.string().optional(),
  env: envSchema.optional(),
});
export type UserSimulator = z.infer<typeof UserSimulatorSchema>;

export const BudgetsSchema = z.strictObject({
  max_model_calls: z.number().int().nonnegative().optional(),
  max_tool_calls: z.number().int().nonnegative().optional(),
  max_cost_usd: z.number().nonnegative().optional(),
});
export type Budgets = z.infer<typeof BudgetsSchema>;

export const RunBudgetsSchema = BudgetsSchema.extend({
  max_run_cost_usd: z.number().nonnegative().optional().describe('Stop starting cases once the run has spent this.'),
});

export { PriceSchema, type Price } from './price.js';

export { MODEL_MODES, type ModelMode } from './model-modes.js';

/**
 * The gateway's upstream, an SDK base URL each call's path is appended to: a `?query` or `#fragment`
 * would end up before the path, and fetch refuses a URL with credentials; either way every call
 * would fail as an unreachable provider.
 */
function upstreamUrl() {
  // Credentials are an `@` before the host's end; a `?` or `#` anywhere starts a query or a fragment.
  return httpUrl().refine((raw) => !/^[a-z]+:\/\/[^/?#]*@/i.test(raw) && !/[?#]/.test(raw), 'an SDK base URL with no user:password@ (fetch refuses to call a URL with credentials), ?query or #fragment (each call\'s path is appended to it)');
}

/**
 * Base URLs whose every call would miss its endpoint: OpenAI's own API without its `/v1` (the calls' paths,
 * `/chat/completions`, follow it), and an Anthropic one ending in `/v1` (as the Vercel AI SDK's Anthropic
 * base URL does), to which the gateway appends `/v1/messages` as Anthropic's SDK does.
 */
const OPENAI_WITHOUT_V1 = /^https?:\/\/api\.openai\.com\/?$/i;
const ANTHROPIC_WITH_V1 = /\/v1\/?$/i;

export const ModelsSchema = z.strictObject({
  mode: z.enum(MODEL_MODES).optional()
    .describe('live: forward to the provider; record: forward and store each call in the case\'s cassette; replay: answer from the cassette, no network (default live).'),
  upstream: z.strictObject({
    openai: upstreamUrl()
      .refine((raw) => !OPENAI_WITHOUT_V1.test(raw), 'OpenAI\'s SDK base URL, with its /v1 (https://api.openai.com/v1): each call\'s path, /chat/completions or /responses, is appended to it')
      .optional().describe('The OpenAI-compatible base URL calls are forwarded to (default https://api.openai.com/v1).'),
    anthropic: upstreamUrl()
      .refine((raw) => !ANTHROPIC_WITH_V1.test(raw), 'Anthropic\'s SDK base URL, without /v1 (https://api.anthropic.com): the gateway appends /v1/messages to it, as Anthropic\'s SDK does')
      .optional().describe('The Anthropic base URL calls are forwarded to (default https://api.anthropic.com).'),
  }).optional(),
  cassettes: z.string().min(1).optional().describe('Folder of the recorded model calls, one file per case (default cassettes, next to the config).'),
}).describe('The model gateway: the agent points its SDK\'s base URL at run.models and agentready measures, caps, faults, records and replays its model calls.');

/** What `policy:` takes, in words: `policy: true` (a policy on, meant) and `policy: [a]` are told so. */
const POLICY_WORDS = 'the path of a policy file, relative to the config file (policy: policy.yaml), or false for no policy';

/** agentready.config.yaml as users write it. */
export const WrittenConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    target: TargetSchema,
    suites: z.array(z.string().min(1)).min(1).optional().describe('Globs of suite files (default evals/**/*.suite.yaml).'),
    policy: z.union([z.string().min(1), z.literal(false, { error: POLICY_WORDS })], { error: POLICY_WORDS }).optional()
      .describe('Path of policy.yaml; false for no policy on purpose (no warning for a policy.yaml beside the config).'),
    baseline: z.string().min(1).optional().describe('Path of the baseline (default agentready.baseline.json).'),
    run: RunSettingsSchema.optional(),
    budgets: RunBudgetsSchema.optional(),
    pricing: z.record(z.string(), PriceSchema).optional()
      .describe('Price per model id; a model id with no exact key is priced by the longest key that is a prefix of it (gpt-x-2026-01-01 as gpt-x).'),
    models: ModelsSchema.optional(),
    gate: GateSchema.optional(),
    adversarial_packs: z.array(z.string().min(1)).optional()
      .describe('Globs of your own payload packs (relative to the config file), added to the shipped ones.'),
    adversarial: AdversarialSettingsSchema.optional(),
    user: UserSimulatorSchema.optional().describe('A user simulator: every case with `input` becomes a conversation it continues.'),
  })
  .describe('agentready.config.yaml');
export type WrittenConfig = z.infer<typeof WrittenConfigSchema>;

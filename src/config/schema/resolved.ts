/**
 * The resolved configuration: what leaves config/. Everything is filled in, paths are
 * absolute, and suites are loaded. Written* types (what users type) never leave config/.
 */
import type { Budgets, ModelMode, Price, Target } from './config.js';
import type { GateConfig } from './gate.js';
import type { PolicyRule } from './policy.js';
import type { AdversarialCategory, CaseMock, Effect, Expectation, Fault, ModelFault, Quarantine, ScriptedReply, Tier, TurnExpectation } from './suite.js';

export type ApprovalDecision = 'grant' | 'deny';

export interface Tool {
  name: string;
  description: string;
  tier: Tier;
  effects: Effect[];
  /** JSON Schema of the arguments; `{type: 'object'}` when the suite gives none. */
  parameters: Record<string, unknown>;
  mock?: { result?: unknown; error?: { kind: string; message?: string } };
  /** The function that answers when no case mock matches, and may change the world's state. */
  handler?: HandlerRef;
}

/** `./tools/retail.ts#cancelOrder`, resolved: which module, which export. */
export interface HandlerRef {
  /** As written in the suite, for messages. */
  spec: string;
  /** Absolute path of the module. */
  file: string;
  /** The exported function's name; `default` for the default export. */
  exportName: string;
}

/** One turn of a scripted conversation; the first turn's `user` is always text. */
export interface Turn {
  user: string | ScriptedReply[];
  expect?: TurnExpectation;
}

/** Where a case was written, for annotations and error messages. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Case {
  id: string;
  suite: string;
  description?: string;
  input: string;
  context: Record<string, unknown>;
  tags: string[];
  risk?: 'low' | 'medium' | 'high';
  /** Runs and is reported, but counts in no gate threshold up to and including `until` (SPEC §14). */
  quarantine?: Quarantine;
  /** Approval answer per tool name; `default` for the rest. */
  approvals: { default: ApprovalDecision; tools: Record<string, ApprovalDecision> };
  mocks: CaseMock[];
  /** Injected tool faults. */
  faults: Fault[];
  /** Injected model-call faults, served by the model gateway; absent when the case has none. */
  model_faults?: ModelFault[];
  expect: Expectation;
  /** A scripted conversation (`turns`); absent for a case written with `input`, which is then turn 1. */
  turns?: Turn[];
  /** The world's initial state (the suite's, with the case's deep-merged over it); absent when neither gives one. */
  state?: Record<string, unknown>;
  /**
   * The file `expect.state` named, shown in messages; `expect.state` then holds `{eq: <its content>}`.
   */
  expectedStateFile?: string;
  /** Stable hash of what the case says, so a baseline can tell a changed case. */
  fingerprint: string;
  /**
   * A generated variant's fingerprint as agentready 0.1 computed it before variants stopped
   * hashing their base case's: a baseline record holding it is of this same variant, as the
   * older hash covered all the newer one does (gate/prior-fingerprints.ts). Absent for base cases.
   */
  priorFingerprint?: string;
  location: SourceLocation;
  /** A generated adversarial variant's own tool list (the suite's plus a honeypot); absent: the suite's. */
  tools?: Tool[];
  /** Set on generated variants: which family, which base case and which payload made it. */
  adversarial?: { category: AdversarialCategory; base_case: string; payload: string };
}

export interface Suite {
  name: string;
  file: string;
  description?: string;
  tools: Tool[];
  cases: Case[];
  fingerprint: string;
  /** Variant families to generate (SPEC §2); [] when the suite asks for none. */
  adversarial?: AdversarialCategory[];
  /** JSON Schema of a case's `context` (SPEC §11 "Required context"), when the suite gives one. */
  contextSchema?: Record<string, unknown>;
  /** The suite's initial state, loaded (a file named by `state:` is read); absent when it gives none. */
  state?: Record<string, unknown>;
  /** The JSON files its world reads (absolute): the `state:` file, the cases' expected-state files; absent when none. */
  worldFiles?: string[];
  /** Each variant family the suite or one of its cases asks for, in the order first asked; absent when none is. */
  variants?: VariantTally[];
}

/** What one requested variant family made in a suite. */
export interface VariantTally {
  category: AdversarialCategory;
  /** Variants made, over every base case that asks for the family. */
  count: number;
  /** Why it made none, in words (when count is 0). */
  none?: string;
  /** Set when it made none because the target hosts no tools (exec): a rule warns where it is asked for (tool-host.ts). */
  withoutToolHost?: true;
}

export interface RunSettings {
  concurrency: number;
  repeat: number;
  timeout_ms: number;
  seed: number;
  workers: number;
  max_error_rate: number;
  /** Time an agent gets to answer `initialize` and `shutdown`; run/ applies its default when unset. */
  start_timeout_ms?: number;
  /** With a user simulator, the most turns of one conversation. */
  max_turns: number;
}

export interface ResolvedBudgets extends Budgets {
  max_run_cost_usd?: number;
}

/** The model gateway's settings, defaults filled in. */
export interface ModelsSettings {
  mode: ModelMode;
  /** SDK-style base URLs the gateway forwards to. */
  upstream: { openai: string; anthropic: string };
  /** Absolute folder of the cassettes. */
  cassettes: string;
  /** The config has no `models:` section: every setting above is the default. */
  defaulted?: true;
}

/** What the config file alone says, defaults filled in: known before any suite is read. */
export interface ProjectSettings {
  /** Absolute path of the config file, or undefined for the embedded default. */
  file: string | undefined;
  /** Folder relative paths resolve against. */
  rootDir: string;
  target: Target;
  baselinePath: string;
  run: RunSettings;
  budgets: ResolvedBudgets;
  pricing: Record<string, Price>;
  models: ModelsSettings;
  gate: GateConfig;
  /** The user simulator, when the config names one; `cwd` is absolute. */
  user?: { command: string[]; cwd: string; env?: Record<string, string> };
}

export interface ResolvedConfig extends ProjectSettings {
  suites: Suite[];
  policy: { file: string | undefined; rules: PolicyRule[] };
  /** The payload pack files read (absolute: the shipped ones, then the config's `adversarial_packs:`); absent when no suite asks for variants. */
  packFiles?: string[];
  /** Non-fatal findings (a rule naming an unknown tool, ...). */
  warnings: import('../../errors.js').ConfigIssue[];
}

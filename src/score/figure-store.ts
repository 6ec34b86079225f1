/**
 * The figures of every attempt of a run, kept in columns (typed arrays, and arrays of the strings
 * and lists the results already share with the loaded suites) instead of an object per attempt:
 * a run of 100,000 attempts keeps them for its whole length, and an object per attempt with its
 * per-model objects and boxed numbers cost ~300 bytes each, most of a big run's growth.
 *
 * Readers get the figures as objects all the same: each recorded attempt is a small view (its
 * index) whose members are read from the columns, so what reads `CaseFigures` needs no change.
 * A view's members are getters of its class: spread it or JSON it and nothing is copied.
 */
import type { CaseModels, CaseResult, CaseStatus, CheckResult, ResultOutcome } from '../config/schema/index.js';
import { figureChecks, type CaseFigures } from './figures.js';

/** `approval_missing` absent. */
const NO_COUNT = -1;
/** Model column: no model call; several models are kept whole beside the columns. */
const NO_MODEL = 0;
const SEVERAL_MODELS = 0xffff_ffff;

/** Strings coded as small numbers (0 is absent), for the columns of names and enums. */
class Names<T extends string> {
  readonly #codes = new Map<T, number>();
  readonly #names: (T | undefined)[] = [undefined];

  constructor(private readonly limit: number) {}

  code(name: T | undefined): number {
    if (name === undefined) return 0;
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.#names.length;
      if (code >= this.limit) throw new RangeError(`more than ${this.limit - 1} distinct values in a figure column`);
      this.#codes.set(name, code);
      this.#names.push(name);
    }
    return code;
  }

  name(code: number): T | undefined {
    return this.#names[code];
  }
}

/**
 * Told each attempt's figures in index (plan) order, as soon as every attempt before it was
 * recorded (gate/run-figures.ts adds up the run's metrics so while it runs).
 */
export interface FigureFold {
  add(figures: CaseFigures): void;
  /** An attempt already told was recorded again: what was told of it is out of date. */
  stale(): void;
}

export class FigureStore {
  readonly #views: (CaseFigures | undefined)[];
  #count = 0;
  /** Attempts told to the fold: every index below it. */
  #told = 0;
  readonly #View: new (index: number) => CaseFigures;

  constructor(capacity: number, private readonly fold?: FigureFold) {
    this.#views = new Array<CaseFigures | undefined>(capacity);
    const suites = new Names<string>(0xffff_ffff);
    const statuses = new Names<CaseStatus>(0x100);
    const outcomes = new Names<ResultOutcome>(0x100);
    const risks = new Names<NonNullable<CaseResult['risk']>>(0x100);
    const models = new Names<string>(SEVERAL_MODELS);
    const columns = {
      suite: new Uint32Array(capacity),
      caseId: new Array<string>(capacity),
      attempt: new Uint32Array(capacity),
      fingerprint: new Array<string>(capacity),
      tags: new Array<readonly string[]>(capacity),
      risk: new Uint8Array(capacity),
      status: new Uint8Array(capacity),
      outcome: new Uint8Array(capacity),
      duration: new Float64Array(capacity),
      cost: new Float64Array(capacity),
      retries: new Uint32Array(capacity),
      toolErrors: new Uint32Array(capacity),
      policyViolations: new Uint32Array(capacity),
      approvalMissing: new Int32Array(capacity),
      checks: new Array<readonly Pick<CheckResult, 'check' | 'pass' | 'score'>[]>(capacity),
      // An attempt's one model (the usual case) in columns; several in `severalModels`.
      model: new Uint32Array(capacity),
      modelCalls: new Uint32Array(capacity),
      modelInput: new Float64Array(capacity),
      modelOutput: new Float64Array(capacity),
      modelCost: new Float64Array(capacity),
      severalModels: new Map<number, CaseModels>(),
    };
    this.#write = (index, result) => {
      columns.suite[index] = suites.code(result.suite);
      columns.caseId[index] = result.case_id;
      columns.attempt[index] = result.attempt;
      columns.fingerprint[index] = result.fingerprint;
      columns.tags[index] = result.tags;
      columns.risk[index] = risks.code(result.risk);
      columns.status[index] = statuses.code(result.status);
      columns.outcome[index] = outcomes.code(result.outcome);
      columns.duration[index] = result.duration_ms;
      columns.cost[index] = result.cost_usd;
      columns.retries[index] = result.retries;
      columns.toolErrors[index] = result.tool_errors;
      columns.policyViolations[index] = result.policy_violations;
      columns.approvalMissing[index] = result.approval_missing ?? NO_COUNT;
      columns.checks[index] = figureChecks(result.checks);
      columns.severalModels.delete(index);
      const only = result.models === undefined ? undefined : onlyModel(result.models);
      if (result.models === undefined) columns.model[index] = NO_MODEL;
      // Several models, or one whose agent reported some calls' cost (kept whole, as few are).
      else if (only === undefined || result.models[only]!.reported_calls !== undefined) {
        columns.model[index] = SEVERAL_MODELS;
        columns.severalModels.set(index, result.models);
      } else {
        const figures = result.models[only]!;
        columns.model[index] = models.code(only);
        columns.modelCalls[index] = figures.calls;
        columns.modelInput[index] = figures.input_tokens;
        columns.modelOutput[index] = figures.output_tokens;
        columns.modelCost[index] = figures.cost_usd;
      }
    };
    this.#View = class View {
      constructor(private readonly index: number) {}
      get suite(): string {
        return suites.name(columns.suite[this.index]!)!;
      }
      get case_id(): string {
        return columns.caseId[this.index]!;
      }
      get attempt(): number {
        return columns.attempt[this.index]!;
      }
      get fingerprint(): string {
        return columns.fingerprint[this.index]!;
      }
      get tags(): string[] {
        // The result's own list, shared with its case: readers do not change it.
        return columns.tags[this.index] as string[];
      }
      get risk(): CaseResult['risk'] {
        return risks.name(columns.risk[this.index]!);
      }
      get status(): CaseStatus {
        return statuses.name(columns.status[this.index]!)!;
      }
      get outcome(): ResultOutcome | undefined {
        return outcomes.name(columns.outcome[this.index]!);
      }
      get duration_ms(): number {
        return columns.duration[this.index]!;
      }
      get cost_usd(): number {
        return columns.cost[this.index]!;
      }
      get retries(): number {
        return columns.retries[this.index]!;
      }
      get tool_errors(): number {
        return columns.toolErrors[this.index]!;
      }
      get policy_violations(): number {
        return columns.policyViolations[this.index]!;
      }
      get approval_missing(): number | undefined {
        const count = columns.approvalMissing[this.index]!;
        return count === NO_COUNT ? undefined : count;
      }
      get checks(): readonly Pick<CheckResult, 'check' | 'pass' | 'score'>[] {
        return columns.checks[this.index]!;
      }
      /** A new object on each read (the one model's figures are columns). */
      get models(): CaseModels | undefined {
        const code = columns.model[this.index]!;
        if (code === NO_MODEL) return undefined;
        if (code === SEVERAL_MODELS) return columns.severalModels.get(this.index);
        const i = this.index;
        return { [models.name(code)!]: { calls: columns.modelCalls[i]!, input_tokens: columns.modelInput[i]!, output_tokens: columns.modelOutput[i]!, cost_usd: columns.modelCost[i]! } };
      }
    } as unknown as new (index: number) => CaseFigures;
  }

  readonly #write: (index: number, result: CaseResult) => void;

  /** Keeps the figures of the attempt at `index` (of the capacity), holding nothing else of its result. */
  record(index: number, result: CaseResult): void {
    if (!(index >= 0 && index < this.#views.length)) throw new RangeError(`figure index ${index} outside 0..${this.#views.length - 1}`);
    this.#write(index, result);
    if (this.#views[index] === undefined) {
      this.#views[index] = new this.#View(index);
      this.#count++;
    }
    const fold = this.fold;
    if (fold === undefined) return;
    if (index < this.#told) fold.stale();
    while (this.#told < this.#views.length && this.#views[this.#told] !== undefined) fold.add(this.#views[this.#told++]!);
  }

  /** The figures recorded, in index order: the store's own list when every index was recorded. */
  list(): readonly CaseFigures[] {
    if (this.#count === this.#views.length) return this.#views as CaseFigures[];
    return this.#views.filter((view) => view !== undefined);
  }
}

/** The attempt's one model, or undefined when it used several (or none): no list made per attempt. */
function onlyModel(used: CaseModels): string | undefined {
  let only: string | undefined;
  for (const name in used) {
    if (only !== undefined) return undefined;
    only = name;
  }
  return only;
}

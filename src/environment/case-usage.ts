/**
 * One case's model calls, from two sources: what the agent reported (usage messages, a run's
 * answer), priced here, and what the model gateway measured (priced there). Once the gateway has
 * seen a call of the case, its records are the case's usage and the agent's reports are left
 * out: they would count the same calls twice. A model's name is the agent's word (a usage report, the
 * body of a gateway request): priced by the name given, kept redacted like the agent's output.
 */
import type { Price, UsageRecord } from '../config/schema/index.js';
import { pricedUsage, type ModelUsage } from './pricing.js';

export class CaseUsage {
  readonly #reported: UsageRecord[] = [];
  readonly #measured: UsageRecord[] = [];

  constructor(private readonly options: { pricing: Readonly<Record<string, Price>>; redactText: (text: string) => string }) {}

  reported(usage: ModelUsage): void {
    this.#reported.push(this.#named(pricedUsage(this.options.pricing, usage)));
  }

  measured(usage: UsageRecord): void {
    this.#measured.push(this.#named(usage));
  }

  #named(usage: UsageRecord): UsageRecord {
    const model = this.options.redactText(usage.model);
    return model === usage.model ? usage : { ...usage, model };
  }

  /** The case's model calls; an agent that reports usage and calls no model through the gateway keeps its reports. */
  get records(): UsageRecord[] {
    return this.#measured.length > 0 ? this.#measured : this.#reported;
  }

  costUsd(): number {
    return this.records.reduce((sum, u) => sum + u.cost_usd, 0);
  }

  /** The agent log's line when the agent's reports were left out, else undefined. */
  leftOutNote(): string | undefined {
    if (this.#measured.length === 0 || this.#reported.length === 0) return undefined;
    const n = this.#reported.length;
    return `[agentready] models: ${n} usage report${n === 1 ? '' : 's'} from the agent left out: the model gateway measured this case's model calls`;
  }
}

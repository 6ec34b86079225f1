/** Builders for the adversarial expansion tests: a resolved suite from YAML, the shipped payloads. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHIPPED_PACKS_DIR } from '../../../src/config/adversarial/load-packs.js';
import { validateSuiteSource } from '../../../src/config/index.js';
import { parseYaml } from '../../../src/config/parse-yaml.js';
import { resolveSuite } from '../../../src/config/resolve.js';
import { AdversarialPackSchema, type AdversarialPack, type AdversarialPayloads } from '../../../src/config/schema/adversarial-packs.js';
import type { Suite } from '../../../src/config/schema/resolved.js';
import type { WrittenSuite } from '../../../src/config/schema/suite.js';
import { checkSource } from '../../../src/config/validate.js';

/** A suite file's text, validated and resolved (no expansion), with its written form. */
export function suiteOf(source: string, file = 'evals/a.suite.yaml'): { suite: Suite; written: WrittenSuite } {
  const result = validateSuiteSource(source, file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { suite: resolveSuite({ written: result.value, yaml: parseYaml({ source, file }).yaml, absPath: path.resolve('/p', file) }), written: result.value };
}

/** The shipped packs in fixtures/adversarial/, each validated. */
export function shippedPacks(): AdversarialPack[] {
  return readdirSync(SHIPPED_PACKS_DIR).filter((name) => name.endsWith('.yaml')).sort().map((name) => {
    const file = path.join(SHIPPED_PACKS_DIR, name);
    const checked = checkSource({ source: readFileSync(file, 'utf8'), file, schema: AdversarialPackSchema });
    if (!checked.value) throw new Error(`${name}: ${JSON.stringify(checked.issues)}`);
    return checked.value;
  });
}

/** Every shipped payload by category. */
export function shippedPayloads(): AdversarialPayloads {
  const payloads: AdversarialPayloads = { prompt_injection: [], missing_context: [], malformed_input: [], rate_limit: [], tool_failure: [] };
  for (const pack of shippedPacks()) (payloads[pack.category] as unknown[]).push(...pack.payloads);
  return payloads;
}

export const NO_PAYLOADS: AdversarialPayloads = { prompt_injection: [], missing_context: [], malformed_input: [], rate_limit: [], tool_failure: [] };

/** Tools shared by the test suites: a read lookup with a default answer, an approve-tier refund, a close. */
export const TOOLS = `tools:
  - name: lookup_order
    tier: read
    parameters: { type: object, properties: { order_id: { type: string } } }
    mock: { result: { status: processing } }
  - name: issue_refund
    tier: approve
    effects: [money]
    mock: { result: { refund_id: rf-1 } }
  - name: close_account
    tier: approve
    effects: [irreversible]
`;

export const REFUND_CASE = `  - id: refund
    input: "I was charged twice for order 1234"
    context: { customer_id: c-1, email: a@example.com, note: keep }
    tags: [refund]
    risk: high
    mocks:
      - { tool: lookup_order, when: { order_id: "1234" }, result: { status: delivered, charged: [20, 20] } }
    expect:
      outcome: completed
      tools:
        - { name: lookup_order, args: { order_id: "1234" } }
        - { name: issue_refund, args: { amount: 20 }, approved: true }
      order: ordered
      output: { contains: [refund] }
      budgets: { max_tool_calls: 4 }
`;

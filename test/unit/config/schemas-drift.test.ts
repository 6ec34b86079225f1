import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_MESSAGES } from '../../../src/adapters/protocol.js';
import * as index from '../../../src/config/schema/index.js';
import * as packs from '../../../src/config/schema/adversarial-packs.js';
import * as report from '../../../src/config/schema/report.js';
import * as card from '../../../src/config/schema/card.js';
import * as weekly from '../../../src/config/schema/weekly.js';
import { renderSchemas } from '../../../scripts/schemas-lib.js';

const SCHEMAS_DIR = path.resolve(import.meta.dirname, '../../../schemas');
// The packs' schemas are apart from the index (built only when packs are read), and so are the json reporter's file's, the card's and the weekly review's.
const schemas = { ...index, ...packs, ...report, ...card, ...weekly };
const rendered = (renderSchemas as (m: unknown) => Record<string, string>)({ schemas, protocol: PROTOCOL_MESSAGES });

describe('schemas/*.json', () => {
  it.each(Object.keys(rendered))('%s matches the zod schemas (regenerate: npm run build && npm run schemas)', (name) => {
    expect(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8')).toBe(rendered[name]);
  });

  it('covers every file format and every protocol message', () => {
    expect(Object.keys(rendered).sort()).toEqual(
      ['adversarial-pack.json', 'baseline.json', 'card.json', 'cassette.json', 'config.json', 'history.json', 'policy-decision.json', 'policy.json', 'protocol.json', 'recorded-trace.json', 'report.json', 'results.json', 'suite.json', 'summary.json', 'trace.json', 'weekly.json'],
    );
    const protocol = JSON.parse(rendered['protocol.json']!) as { $defs: Record<string, unknown> };
    expect(Object.keys(protocol.$defs)).toEqual(Object.keys(PROTOCOL_MESSAGES));
  });

  it('are every one named in the README, where editors are told of them', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const listed = /JSON Schemas in `schemas\/`\s*\(([^)]*)\)/.exec(readme)?.[1] ?? '';
    expect([...listed.matchAll(/`([\w-]+\.json)`/g)].map((m) => m[1]).sort()).toEqual(Object.keys(rendered).sort());
  });

  it('describes every limit of every gate threshold, whatever its unit (an editor shows it on hover)', () => {
    type Props = { properties: Record<string, { properties: Record<string, { description?: string }> }> };
    const gate = (JSON.parse(rendered['config.json']!) as { properties: { gate: Props } }).properties.gate;
    const undescribed = Object.entries(schemas.GATE_METRIC_UNITS).flatMap(([metric]) =>
      Object.entries(gate.properties[metric]!.properties)
        .filter(([, field]) => !field.description)
        .map(([limit]) => `${metric}.${limit}`),
    );
    expect(undescribed).toEqual([]);
  });

  it("leave the packs' schemas out of schema/index.ts: the CLI script (one file) runs every module the index re-exports, so eval of a project without packs would build them", () => {
    expect(Object.keys(packs).length).toBeGreaterThan(0);
    expect(Object.keys(index).filter((name) => Object.hasOwn(packs, name))).toEqual([]);
  });

  it("tells an editor, on hover, that `expect.tools: []` means no tool call and that a mock gives exactly one answer (neither JSON Schema can say)", () => {
    const suite = rendered['suite.json']!;
    const described = (key: string) => [...suite.matchAll(new RegExp(`"${key}": \\{\\s*"description": "([^"]*)"`, 'g'))].map((m) => m[1]!);
    expect(described('tools').filter((text) => text.includes('`[]`: it calls no tool')).length).toBeGreaterThan(0);
    expect(described('mock')).toEqual([expect.stringContaining('exactly one of `result` and `error`')]);
    expect(suite).toContain('with exactly one of `result` and `error`.');
  });

  it("takes a config's ${NAME} where a number, a boolean or a patterned text goes, as the loader does (an editor marked `timeout_ms: ${TIMEOUT}` wrong), and not in a key", () => {
    const valid = new Ajv2020({ strict: false }).compile(JSON.parse(rendered['config.json']!) as object);
    const config = (more: Record<string, unknown>) => ({ target: { adapter: 'http', url: '${AGENT_URL}', headers: { authorization: 'Bearer ${TOKEN}' } }, ...more });
    expect(valid(config({ run: { timeout_ms: '${TIMEOUT}', concurrency: '${CONCURRENCY:-4}' }, budgets: { max_cost_usd: '${MAX_COST}' } }))).toBe(true);
    expect(valid(config({ run: { timeout_ms: 30000 } }))).toBe(true);
    // Not a reference, or one that is not the whole number; a key is never read for one.
    expect(valid(config({ run: { timeout_ms: 'soon' } }))).toBe(false);
    expect(valid(config({ run: { timeout_ms: '${TIMEOUT}0' } }))).toBe(false);
    expect(valid(config({ gate: { slices: { '${SLICE}': { success_rate: { min: 1 } } } } }))).toBe(false);
  });

  it('rejects an unknown key in a suite, as the loader does', () => {
    const suite = JSON.parse(rendered['suite.json']!) as { additionalProperties?: boolean };
    expect(suite.additionalProperties).toBe(false);
  });
});

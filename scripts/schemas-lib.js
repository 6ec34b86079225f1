/**
 * The JSON Schemas of every file agentready reads or writes, rendered from the zod schemas the
 * loader uses (SPEC §2). Pure: the caller passes the schema modules, so the generator can use
 * the build (dist/) and the drift test the sources.
 */
import { z } from 'zod';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * @param {{ schemas: Record<string, import('zod').ZodType>, protocol: Record<string, import('zod').ZodType> }} modules
 *   `schemas`: the exports of config/schema/index, schema/adversarial-packs, schema/report, schema/card and schema/weekly; `protocol`: PROTOCOL_MESSAGES of adapters/protocol.
 * @returns {Record<string, string>} file name under schemas/ → its text (pretty JSON, trailing newline)
 */
export function renderSchemas({ schemas, protocol }) {
  const files = {
    'config.json': withEnvReferences(toJson(schemas.WrittenConfigSchema)),
    'suite.json': toJson(schemas.WrittenSuiteSchema),
    'policy.json': toJson(schemas.PolicySchema),
    'baseline.json': toJson(schemas.BaselineSchema),
    'trace.json': toJson(schemas.TraceSchema),
    // results.jsonl's lines: the header first, then one attempt per line, so every line validates.
    'results.json': toJson(
      z.union([schemas.ResultsHeaderSchema, schemas.CaseResultSchema])
        .describe('One line of a run folder\'s results.jsonl: its first line is the run\'s header (format "agentready-results"), every other line one attempt of one case.'),
    ),
    'summary.json': toJson(schemas.RunSummaryFileSchema),
    'report.json': toJson(schemas.RunReportFileSchema),
    'card.json': toJson(schemas.CardFileSchema),
    'weekly.json': toJson(schemas.WeeklyFileSchema),
    'adversarial-pack.json': toJson(schemas.AdversarialPackSchema),
    'recorded-trace.json': toJson(schemas.RecordedTraceSchema),
    'cassette.json': toJson(schemas.CassetteSchema),
    'history.json': toJson(schemas.HistoryEntrySchema),
    'policy-decision.json': toJson(schemas.PolicyDecisionSchema.describe('One line of a run folder\'s policy-decisions.jsonl: one decision on one tool call (SPEC §5).')),
    'protocol.json': {
      $schema: DRAFT,
      title: 'agentready/1 protocol messages',
      description: 'One definition per message: <method>.params, <method>.result, and the JSON-RPC envelopes (SPEC §4, §11).',
      $defs: Object.fromEntries(
        Object.entries(protocol).map(([name, schema]) => {
          const { $schema: _draft, ...definition } = toJson(schema);
          return [name, definition];
        }),
      ),
    },
  };
  return Object.fromEntries(Object.entries(files).map(([name, json]) => [name, `${JSON.stringify(json, null, 2)}\n`]));
}

/** One zod schema as JSON Schema, as users write the file (input side); zod-only parts become `{}`. */
function toJson(schema) {
  if (!schema) throw new Error('a schema to render is missing from the modules passed in');
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** `${NAME}` or `${NAME:-default}` as the whole value: the config reads it as the type of what it stands for (src/config/interpolate.ts). */
const WHOLE_REFERENCE = { type: 'string', pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$', description: 'An environment variable, ${NAME} or ${NAME:-default}, read as the value it holds.' };
/** A text holding a reference anywhere, where the text itself has a pattern or a format (a URL: `${BASE_URL}/agent`). */
const SOME_REFERENCE = { type: 'string', pattern: '\\$\\{', description: 'A text with environment variables (${NAME}), checked once they are read.' };

/**
 * The config's JSON Schema with `${NAME}` taken where a number, a boolean or a patterned text goes
 * (`timeout_ms: ${TIMEOUT}`, `url: ${AGENT_URL}`), as the loader takes it: an editor given the
 * schema (init's config names it) marked every such value wrong.
 */
function withEnvReferences(node) {
  if (Array.isArray(node)) return node.map(withEnvReferences);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // A mapping of names to schemas: each value a schema, no name a keyword.
    // A key is never read for references: the schema of a mapping's keys stays as it is.
    if (key === 'propertyNames') out[key] = value;
    else if (key === 'properties' || key === '$defs') out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, withEnvReferences(schema)]));
    else out[key] = withEnvReferences(value);
  }
  const types = [out.type].flat();
  const scalar = types.some((type) => type === 'number' || type === 'integer' || type === 'boolean');
  const patterned = types.includes('string') && (out.pattern !== undefined || out.format !== undefined);
  if (!scalar && !patterned) return out;
  const { description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, scalar ? WHOLE_REFERENCE : SOME_REFERENCE] };
}

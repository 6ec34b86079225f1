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
    'config.json': toJson(schemas.WrittenConfigSchema),
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

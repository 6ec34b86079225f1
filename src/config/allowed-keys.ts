/**
 * The keys a config schema allows at a place in the data (the data picks a union's option), and
 * which of them a key not allowed was meant to be: what an "unknown key" issue lists and guesses;
 * and, for a file written as a list, the key that list goes under.
 */
import type { z } from 'zod';
import { editDistance } from './edit-distance.js';
import { valueAt } from './json-value.js';
import type { PathKey } from './locate.js';
import { lineWords } from './shell-words.js';

/**
 * The allowed key a key not allowed was meant to be: the same but for case, or one or two edits
 * away (a third of the key's length at most, so `id` is not taken for `to`), else the one key it is
 * the start or end of, word-part by word-part (`timeout` for `timeout_ms`, `exact` for
 * `state_exact`); undefined when none is that close, or two are.
 */
export function keyMeant(key: string, allowed: readonly string[]): string | undefined {
  const folded = allowed.filter((candidate) => candidate.toLowerCase() === key.toLowerCase());
  if (folded.length === 1) return folded[0];
  const limit = Math.min(2, Math.floor(key.length / 3));
  const close = allowed.map((candidate) => ({ candidate, distance: editDistance(key, candidate) })).filter(({ distance }) => distance <= limit);
  const best = Math.min(...close.map(({ distance }) => distance));
  const nearest = close.filter(({ distance }) => distance === best);
  if (nearest.length === 1) return nearest[0]!.candidate;
  if (close.length > 0 || key.length < 4) return undefined;
  // A key written without its unit or prefix (`timeout` for timeout_ms, `tool_calls` for max_tool_calls): the one key it begins or ends.
  const whole = allowed.filter((candidate) => candidate.startsWith(`${key}_`) || candidate.endsWith(`_${key}`));
  return whole.length === 1 ? whole[0] : undefined;
}

/**
 * For an unknown key no typo of an allowed one (keyMeant): the one allowed key of the same first
 * word-part, when it has more (`deny_if` for `deny_when`, `require_prior` for `require_before`);
 * undefined when none or several share it. Only for keys of a mapping: a tool's name (`issue_voucher`)
 * is not taken for another of its family.
 */
export function keyOfSameStart(key: string, allowed: readonly string[]): string | undefined {
  const [first, ...rest] = key.split('_');
  if (rest.length === 0 || first!.length < 3) return undefined;
  const same = allowed.filter((candidate) => candidate !== key && candidate.startsWith(`${first}_`));
  return same.length === 1 ? same[0] : undefined;
}

/** `: did you mean "lookup_order"?` for a key or name close to one allowed (`keyMeant`), or '': every such hint words it so. */
export function didYouMean(key: string, allowed: readonly string[]): string {
  return meantHint(keyMeant(key, allowed));
}

/**
 * `: did you mean "max_rise_pp" or "max_rise_pct"?` for a key written without the unit that
 * several allowed keys add to it (`max_rise`), which keyMeant leaves open; '' for none or one.
 */
export function keysItBegins(key: string, allowed: readonly string[]): string {
  const longer = allowed.filter((candidate) => candidate.startsWith(`${key}_`));
  if (longer.length < 2) return '';
  return `: did you mean ${longer.slice(0, -1).map((candidate) => `"${candidate}"`).join(', ')} or "${longer.at(-1)!}"?`;
}

/** didYouMean's words for a key known to be meant otherwise (`gt` for `greater`), or '' without one. */
export function meantHint(meant: string | undefined): string {
  return meant === undefined ? '' : `: did you mean "${meant}"?`;
}

/**
 * Where an unknown key belongs when it is no typo of a key of its own mapping (`path`): a key of
 * the mapping one level up (`faults` written inside a case's `expect`), or of a mapping beside its
 * own (`run.max_run_cost_usd` for `budgets.max_run_cost_usd`), else of a mapping one level down,
 * the key written above its section (`outcome` beside a case's `expect`, `command` at the config's
 * top after a `target:` whose keys lost their indentation). That path, or undefined when the key
 * is a key of no such place, or of several.
 */
export function keyElsewhere(input: { schema: z.ZodType; path: readonly PathKey[]; key: string; data: unknown }): PathKey[] | undefined {
  const { schema, path, key, data } = input;
  // A key another shape of this very mapping takes (`command` in an http target) belongs here: the shape is what is wrong.
  if (keysOfAnyOptionAt(schema, { path, data }).includes(key)) return undefined;
  return keyAboveOrBeside(input) ?? keyBelow(input);
}

function keyAboveOrBeside({ schema, path, key, data }: { schema: z.ZodType; path: readonly PathKey[]; key: string; data: unknown }): PathKey[] | undefined {
  if (path.length === 0) return undefined;
  const parent = path.slice(0, -1);
  const own = path[path.length - 1];
  const aboveKeys = allowedKeysAt(schema, { path: parent, data });
  const places: PathKey[][] = aboveKeys.includes(key) ? [[...parent, key]] : [];
  for (const sibling of aboveKeys) {
    if (sibling !== own && allowedKeysAt(schema, { path: [...parent, sibling], data }).includes(key)) places.push([...parent, sibling, key]);
  }
  return places.length === 1 ? places[0] : undefined;
}

/**
 * The one mapping under `path` whose keys include `key` (as its data picks a union's option; while
 * it is no mapping, as a `target:` left empty is, as the keys written here pick it, which lost their
 * indentation with this one: `adapter: stdio` beside it); of several, the one the file already has, if only one.
 */
function keyBelow({ schema, path, key, data }: { schema: z.ZodType; path: readonly PathKey[]; key: string; data: unknown }): PathKey[] | undefined {
  const written = valueAt(data, [...path, key]);
  const places = allowedKeysAt(schema, { path, data }).filter((child) => {
    const at = [...path, child];
    const node = isMapping(valueAt(data, at)) ? undefined : schemaAt(schema, { path: at, data });
    if (!(node ? objectKeys(pickOption(node, valueAt(data, path))) : allowedKeysAt(schema, { path: at, data })).includes(key)) return false;
    // A mapping's place for a value that is none (Playwright's `retries: 2` is no gate.retries threshold) is no place meant.
    const place = schemaAt(schema, { path: [...at, key], data });
    return !place || isMapping(written) || !['object', 'record'].includes(defOf(place).type);
  });
  const present = places.length > 1 ? places.filter((child) => valueAt(data, [...path, child]) !== undefined) : places;
  return present.length === 1 ? [...path, present[0]!, key] : undefined;
}

function isMapping(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * How many of the unknown keys are typos of keys that are missing (`modle` for a lacking
 * `model`), each missing key taken once: a branch of a union that a typo keeps from fitting is
 * still the one meant.
 */
export function typosOfMissing(unknown: readonly string[], missing: readonly string[]): number {
  const left = [...missing];
  let count = 0;
  for (const key of unknown) {
    const meant = keyMeant(key, left);
    if (meant === undefined) continue;
    left.splice(left.indexOf(meant), 1);
    count++;
  }
  return count;
}

interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
}

/** Where in a config a schema is looked up: the path of keys, and the data there that picks union options. */
interface SchemaPlace {
  path: readonly PathKey[];
  data: unknown;
}

/** The keys the object schema at `path` allows (the data picks discriminated-union options). */
export function allowedKeysAt(schema: z.ZodType, { path, data }: SchemaPlace): string[] {
  const node = schemaAt(schema, { path, data });
  return node ? objectKeys(pickOption(node, valueAt(data, path))) : [];
}

/**
 * What a file that is a list at its top (cases written without `suite:` and `cases:`, rules without
 * `rules:`) was meant to be: the mapping, and the key its list goes under.
 */
export function topListWords({ expected, schema, list }: { expected: string; schema: z.ZodType; list: unknown[] }): string {
  const keys = topListKeys(schema);
  if (keys.length === 0) return expected;
  // The list whose entries take the first entry's keys (a case's id and input: `cases:`), when one does best.
  const first = list[0];
  const fits = (key: string) => {
    if (first === null || typeof first !== 'object' || Array.isArray(first)) return 0;
    const allowed = allowedKeysAt(schema, { path: [key, 0], data: { [key]: [first] } });
    return Object.keys(first).filter((name) => allowed.includes(name)).length;
  };
  const best = Math.max(...keys.map(fits));
  const meant = best > 0 && keys.filter((key) => fits(key) === best).length === 1 ? keys.filter((key) => fits(key) === best) : keys;
  return `${expected} with its keys (${allowedKeysAt(schema, { path: [], data: {} }).join(', ')}), not a list: a list of entries goes under ${meant.map((key) => `\`${key}:\``).join(' or ')}`;
}

/**
 * Said of a mapping written where a list of mappings goes (`cases:` followed by one case's keys,
 * without the `- ` that starts an entry): ` of entries, each starting with "- " (these keys are one
 * entry's…)`; of a text where a list of texts goes (`suites: evals/*.suite.yaml`): that list; '' for
 * any other value, or a mapping none of whose keys an entry takes.
 */
export function entryAsList({ schema, path, value }: { schema: z.ZodType; path: readonly PathKey[]; value: unknown }): string {
  if (typeof value === 'string' && value.trim() !== '') {
    // One glob or name where a list of them goes (`suites: evals/*.suite.yaml`, `forbid: issue_refund`, whose entries may also be mappings): the list of it.
    const item = schemaAt(schema, { path: [...path, 0], data: setAt(path, [value]) });
    if (!item || !takesText(item)) return '';
    // A command written as one line (`command: node agent.mjs`): its words, as the process is started with no shell.
    const words = path.at(-1) === 'command' ? lineWords(value) : undefined;
    if (words && words.length > 1) return `, the program and each argument an entry of its own: [${words.map(flowItem).join(', ')}]`;
    return `, even of one: [${flowItem(value)}]`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '';
  const entry = schemaAt(schema, { path: [...path, 0], data: setAt(path, [value]) });
  if (!entry || defOf(unwrap(entry)).type !== 'object') return '';
  const keys = objectKeys(pickOption(unwrap(entry), value));
  if (!Object.keys(value).some((key) => keys.includes(key))) return '';
  return ' of entries, each starting with "- " (these keys are one entry\'s: write `- ` before the first, and indent the others under it)';
}

// Whether a list entry may be a text: a string, or a union with a string option (forbid's name or mapping).
function takesText(item: z.ZodType): boolean {
  const def = defOf(unwrap(item));
  return def.type === 'string' || (def.type === 'union' && (def.options ?? []).some((option) => defOf(unwrap(option)).type === 'string'));
}

// A text as an entry of a YAML flow list: plain when YAML reads it back as that text (a tool's name), else quoted (a glob may start with `*`, a YAML alias; `true` or `12` would read as no text).
export function flowItem(text: string): string {
  return /^[A-Za-z_][\w./-]*$/.test(text) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(text) ? text : JSON.stringify(text);
}

/** `{a: {b: [value]}}` for the path a.b: the data that holds `value` there alone. */
function setAt(path: readonly PathKey[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

/** The keys of the mapping at the top of a file whose value is a list of mappings (`cases`, `rules`): where a list written at the top was meant to go. */
function topListKeys(schema: z.ZodType): string[] {
  return allowedKeysAt(schema, { path: [], data: {} }).filter((key) => {
    const node = schemaAt(schema, { path: [key], data: {} });
    const def = node ? defOf(unwrap(node)) : undefined;
    return def?.type === 'array' && def.element !== undefined && defOf(unwrap(def.element)).type === 'object';
  });
}

/** The keys any option of the schema at `path` allows: a key of another adapter's target, say. */
function keysOfAnyOptionAt(schema: z.ZodType, { path, data }: SchemaPlace): string[] {
  const node = schemaAt(schema, { path, data });
  if (!node) return [];
  const def = defOf(node);
  return def.type === 'union' && def.options ? def.options.flatMap((option) => objectKeys(unwrap(option))) : objectKeys(node);
}

/** The schema at `path`, unwrapped, its union options not picked yet (the data picks those on the way). */
function schemaAt(schema: z.ZodType, { path, data }: SchemaPlace): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let i = 0; i < path.length && current; i++) {
    const def = defOf(pickOption(unwrap(current), valueAt(data, path.slice(0, i))));
    const key = path[i]!;
    if (def.type === 'object') current = def.shape?.[String(key)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else current = undefined;
  }
  return current && unwrap(current);
}

function objectKeys(schema: z.ZodType): string[] {
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The schema without optional / nullable / default / pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** For a union, the option that fits `value` best (by discriminator, then the first object); else the schema. */
function pickOption(schema: z.ZodType, value: unknown): z.ZodType {
  const def = defOf(schema);
  if (def.type !== 'union' || !def.options) return schema;
  const options = def.options.map(unwrap);
  if (def.discriminator && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    const match = options.find((option) => {
      const field = defOf(option).shape?.[def.discriminator!];
      return field !== undefined && field.safeParse(tag).success;
    });
    if (match) return match;
  }
  if (Array.isArray(value)) return options.find((option) => defOf(option).type === 'array') ?? schema;
  // The object option that knows most of the value's keys (a typo of a key it lacks counts), then
  // whose fields take most of their values (as issues.ts's intendedBranch picks the branch whose
  // problems to report); the first on a tie.
  const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const keys = Object.keys(record);
  let best: z.ZodType | undefined;
  let bestFit = [-1, -1];
  for (const option of options) {
    const def = defOf(option);
    if (def.type !== 'object') continue;
    const shape = def.shape ?? {};
    const known = keys.filter((key) => Object.hasOwn(shape, key));
    const unknown = keys.filter((key) => !Object.hasOwn(shape, key));
    const typos = typosOfMissing(unknown, Object.keys(shape).filter((key) => !Object.hasOwn(record, key)));
    const fit = [known.length + typos, known.filter((key) => shape[key]!.safeParse(record[key]).success).length];
    if (fit[0]! > bestFit[0]! || (fit[0] === bestFit[0] && fit[1]! > bestFit[1]!)) [best, bestFit] = [option, fit];
  }
  return best ?? schema;
}

function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { _zod: { def: LooseDef } })._zod.def;
}

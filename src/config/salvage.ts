/**
 * The parts of a file that pass their schema, at their original places, so cross-reference
 * rules still run on a file with schema errors and every problem is reported at once.
 */
import type { z } from 'zod';
import { isPlainObject } from './json-value.js';

/** T with every member optional and every list element possibly dropped. */
export type Salvaged<T> = T extends readonly (infer U)[]
  ? Array<Salvaged<U> | undefined>
  : T extends object
    ? { [K in keyof T]?: Salvaged<T[K]> }
    : T;

interface LooseDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
}

/**
 * `raw` reduced to what `schema` accepts: objects member by member (unknown keys dropped),
 * lists element by element (a bad element becomes undefined), anything else whole or not at all.
 */
export function salvage<S extends z.ZodType>(schema: S, raw: unknown): Salvaged<z.output<S>> | undefined {
  const whole = schema.safeParse(raw);
  if (whole.success) return whole.data as Salvaged<z.output<S>>;
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'nullable') return raw == null ? undefined : salvage(def.innerType!, raw) as never;
  if (def.type === 'object' && def.shape && isPlainObject(raw)) {
    const kept: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(def.shape)) {
      if (!Object.hasOwn(raw, key)) continue;
      const value = salvage(member, raw[key]);
      if (value !== undefined) kept[key] = value;
    }
    return kept as never;
  }
  if (def.type === 'array' && def.element && Array.isArray(raw)) {
    return raw.map((item) => salvage(def.element!, item)) as never;
  }
  // A list where a union takes one list option (a turn's `user`: text, or a list of replies): its good elements, as
  // for a list. Not a mapping: an option's object salvaged without an unknown key could mean otherwise (a forbid
  // entry `{name, arguments}` read as `{name}` forbids every call of the tool).
  if (def.type === 'union' && def.options && Array.isArray(raw)) {
    const lists = def.options.filter((option) => isList(option));
    if (lists.length === 1) return salvage(lists[0]!, raw) as never;
  }
  return undefined;
}

/** Whether an option is a list (through optional and nullable). */
function isList(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'nullable') return isList(def.innerType!);
  return def.type === 'array';
}

function defOf(schema: z.ZodType): LooseDef {
  return (schema as unknown as { _zod: { def: LooseDef } })._zod.def;
}

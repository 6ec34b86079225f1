/**
 * Transports by name. Adding one is one line in `adapters`; a target naming a transport that is
 * not built is a usage error, not a stub that fails later.
 */
import type { Target } from '../config/schema/config.js';
import { UsageError } from '../errors.js';
import type { Adapter, AdapterContext } from './adapter.js';
import { ExecAdapter } from './exec.js';
import { HttpAdapter } from './http.js';
import { ModuleAdapter } from './module.js';
import { StdioAdapter } from './stdio.js';

type TargetOf<K extends Target['adapter']> = Extract<Target, { adapter: K }>;
type AdapterFactory<K extends Target['adapter']> = (target: TargetOf<K>, ctx: AdapterContext) => Adapter;

export const adapters = {
  stdio: (target, ctx) => new StdioAdapter(target, ctx),
  http: (target, ctx) => new HttpAdapter(target, ctx),
  module: (target, ctx) => new ModuleAdapter(target, ctx),
  exec: (target, ctx) => new ExecAdapter(target, ctx),
} as const satisfies { [K in Target['adapter']]?: AdapterFactory<K> };

export type AdapterName = keyof typeof adapters;

/** The adapter for a target; throws UsageError for a transport this version does not have. */
export function createAdapter(target: Target, ctx: AdapterContext): Adapter {
  const name = target.adapter;
  if (!isAvailable(name)) {
    throw new UsageError(`the ${name} adapter is not available in this version; use one of ${Object.keys(adapters).join(', ')}`);
  }
  // TypeScript cannot correlate `adapters[name]` with `target`'s variant; the map's type does.
  const factory = adapters[name] as AdapterFactory<typeof name> as (target: Target, ctx: AdapterContext) => Adapter;
  return factory(target, ctx);
}

function isAvailable(name: Target['adapter']): name is AdapterName {
  return Object.hasOwn(adapters, name);
}

/**
 * A tool handler (SPEC §12 "Tool worlds"): the function a suite's tool names (`handler:
 * ./tools/retail.ts#cancelOrder`), called as `(args, world)`. environment/world.ts calls one; the
 * package exports its types (`ToolHandler`, `ToolWorld`). Types only.
 */

/** What a handler receives besides the arguments. */
export interface HandlerWorld<State = Record<string, unknown>> {
  /** The attempt's own state: change it in place (or assign a new object). */
  state: State;
  case: { id: string; context: Record<string, unknown> };
  /** This call's number among the case's calls to this tool, from 1. */
  call: number;
}

/** A handler: what it returns (or its promise settles to) is the tool's result; throwing `{kind, message}` answers a domain error. */
export type HandlerFn<Args = Record<string, unknown>, State = Record<string, unknown>, Result = unknown> = (
  args: Args,
  world: HandlerWorld<State>,
) => Result | Promise<Result>;

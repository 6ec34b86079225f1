/**
 * Whether something accepts a TCP connection at a host and port: the readiness probe of a
 * `target.start` server, the check that its port is free before the server is started, and the
 * check that an http target without `start:` has something listening before the first case. A
 * connection opened and closed: no request reaches the server.
 */
import { connect } from 'node:net';
import { SyncWorker } from '../config/sync-worker.js';

/** Where a server listens: a host (without IPv6 brackets) and a port. */
export interface Address {
  host: string;
  port: number;
}

/** A connection attempt that takes longer than this counts as refused. */
const CONNECT_TIMEOUT_MS = 1000;
/** `acceptsNow` waits at most this much longer than a connection attempt (its worker's start waited for apart) for the worker to answer. */
const ANSWER_MARGIN_MS = 1000;

/** The URL's host and port, the default port of its scheme when it names none. */
export function addressOf(url: URL): Address {
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

/** Whether something accepts a TCP connection at host:port. */
export function accepts(address: Address): Promise<boolean> {
  return new Promise((resolve) => attemptConnection({ open: connect, address, timeoutMs: CONNECT_TIMEOUT_MS }, resolve));
}

/**
 * Whether nothing listens at host:port: the connection attempt was refused (ECONNREFUSED). A
 * timeout, a name that does not resolve or any other failure is not that: it says nothing sure.
 */
export function refuses(address: Address): Promise<boolean> {
  return new Promise((resolve) => attemptConnection({ open: connect, address, timeoutMs: CONNECT_TIMEOUT_MS }, (_accepted, code) => resolve(code === 'ECONNREFUSED')));
}

/**
 * One connection attempt: `report(true)` once `address` accepts it, `report(false, code)` once it
 * fails (`code` the error's, as ECONNREFUSED) or takes longer than `timeoutMs` (no code). The one owner of the probe, for `accepts` and for
 * `acceptsNow`'s worker, which runs its source: so it refers to nothing outside itself (`connect`
 * is handed in) and names no inner function (a bundler may wrap a named one in a helper).
 */
function attemptConnection({ open, address, timeoutMs }: { open: typeof connect; address: Address; timeoutMs: number }, report: (accepted: boolean, code?: string) => void): void {
  const socket = open({ host: address.host, port: address.port });
  const done = (accepted: boolean, code?: string): void => {
    socket.destroy();
    report(accepted, code);
  };
  socket.setTimeout(timeoutMs, () => done(false));
  socket.once('connect', () => done(true));
  socket.once('error', (error: NodeJS.ErrnoException) => done(false, error.code));
}

/**
 * `accepts`, answered synchronously: the server of an early agent is spawned while the config
 * files load, which is synchronous, so no event loop turn comes between the check and the spawn.
 * The attempt runs in a worker thread while this one waits (`config/sync-worker.ts`); a worker that does not answer in
 * time counts as nothing answering (the server is started, as without the check).
 */
export function acceptsNow(address: Address): boolean {
  const probe = new SyncWorker(PROBE_HANDLER);
  try {
    return probe.ask({ address, timeoutMs: CONNECT_TIMEOUT_MS }, CONNECT_TIMEOUT_MS + ANSWER_MARGIN_MS) === ANSWER_ACCEPTED;
  } finally {
    probe.end();
  }
}

/** The worker's answers. */
const ANSWER_ACCEPTED = 1;
const ANSWER_REFUSED = 2;

/** What `acceptsNow`'s worker runs (`config/sync-worker.ts`): `attemptConnection`, from its source. */
const PROBE_HANDLER = `({ address, timeoutMs }, answer) =>
  (${attemptConnection.toString()})({ open: require('node:net').connect, address, timeoutMs }, (accepted) => answer(accepted ? ${ANSWER_ACCEPTED} : ${ANSWER_REFUSED}))`;

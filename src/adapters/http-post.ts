/**
 * One POST of JSON to the agent and its answer, read whole (up to a cap). Uses node:http rather
 * than fetch so that nothing but our own signal limits how long the agent may take to answer
 * (undici's fetch gives up on headers after 300 s), and every failure gets one clear message.
 */
import type http from 'node:http';
import { HarnessError } from '../errors.js';
import { excerpt } from '../common/shorten.js';
import { MAX_LINE_BYTES } from './line-splitter.js';

/** Largest answer body we read; past it the answer is refused (bounded memory): one message's bound. */
export const MAX_HTTP_BODY_BYTES = MAX_LINE_BYTES;

export interface PostOptions {
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: unknown;
  /** Aborting it aborts the request: that is how the agent is told to cancel (SPEC §11). */
  signal: AbortSignal;
  agent?: http.Agent;
}

export interface PostAnswer {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
  /** The `Location` header, as sent (a redirect's). */
  location: string | undefined;
}

/** Resolves with any HTTP answer; rejects with a HarnessError when none came, or the signal's reason. */
export function postJson({ url, headers, body, signal, agent }: PostOptions): Promise<PostAnswer> {
  const payload = Buffer.from(JSON.stringify(body));
  // node:https (with tls) is loaded for an https URL only: not by every eval whose agent is local.
  const send = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http').request;
  return new Promise<PostAnswer>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const request = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
      signal,
      ...(agent ? { agent } : {}),
    });
    request.on('error', (error: NodeJS.ErrnoException) => reject(signal.aborted ? signal.reason : connectionError(url, error)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_HTTP_BODY_BYTES) {
          request.destroy();
          reject(new HarnessError('AGENT_PROTOCOL', `the agent's answer from ${url.href} is larger than ${MAX_HTTP_BODY_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => reject(signal.aborted ? signal.reason : connectionError(url, error)));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          contentType: String(response.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
          location: response.headers.location,
        }),
      );
    });
    request.end(payload);
  });
}

/** A network failure in words, the most specific reason first. */
function connectionError(url: URL, error: NodeJS.ErrnoException): HarnessError {
  const where = url.href;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new HarnessError('TRANSPORT', `could not connect to the agent at ${where}: connection refused (is it listening?)`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HarnessError('TRANSPORT', `could not resolve the agent's host in ${where} (${error.code})`, { cause: error });
    case 'ECONNRESET':
      return new HarnessError('TRANSPORT', `the agent at ${where} closed the connection before answering (ECONNRESET)`, { cause: error });
    default:
      return new HarnessError('TRANSPORT', `the POST to the agent at ${where} failed: ${excerpt(error.message)}${error.code ? ` (${error.code})` : ''}`, {
        cause: error,
      });
  }
}

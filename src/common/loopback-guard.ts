/**
 * What every endpoint agentready opens (tools_url, mcp_url, the model gateway) refuses before it
 * reads the token (SPEC §4 "Every endpoint agentready opens listens on 127.0.0.1 only"): a request
 * whose `Host` names another host, as a page that rebound its own name to 127.0.0.1 sends (DNS
 * rebinding), and one a browser sent from a page that is not itself on this machine (`Origin`,
 * which the MCP transport requires servers to check). The agent's own clients send the host of the
 * URL they were given, 127.0.0.1, and no `Origin` unless they are a browser's page on loopback.
 */
import type http from 'node:http';

/** The names of this machine's loopback interface, as a `Host` or an `Origin` may write them. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?\/?$/i;

/** Why `request` does not come from this machine's loopback by its own headers, or undefined when it does. */
export function foreignRequest(request: http.IncomingMessage): string | undefined {
  const host = request.headers.host;
  // An HTTP/1.0 request may carry no Host; Node refuses an HTTP/1.1 one without it (400).
  if (host !== undefined && !LOOPBACK_HOST.test(host)) return 'its Host header names another host than 127.0.0.1';
  const origin = request.headers.origin;
  if (origin !== undefined && !LOOPBACK_ORIGIN.test(origin)) return 'it was sent by a page of another origin than 127.0.0.1';
  return undefined;
}

/** `listener`, behind a refusal (403) of every request `foreignRequest` refuses; nothing of those reaches it. */
export function loopbackOnly(listener: http.RequestListener): http.RequestListener {
  return (request, response) => {
    const why = foreignRequest(request);
    if (why === undefined) {
      listener(request, response);
      return;
    }
    request.resume();
    const body = JSON.stringify({ error: `forbidden: ${why}; agentready's endpoints answer only the agent on this machine, at the URL from the run params` });
    response.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  };
}

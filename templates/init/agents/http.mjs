// The agent as an http service: agentready starts it (target.start in agentready.config.yaml),
// POSTs each case to it, and stops it after the run. Tool calls, approvals and usage go back
// to agentready as JSON-RPC POSTs to the case's tools_url.
import { createServer } from 'node:http';
import support from './support.mjs';

/** One JSON-RPC request (or notification, without `id`) to agentready for this case. */
async function rpc(task, method, params, id) {
  const answer = await fetch(task.tools_url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${task.token}` },
    body: JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params: { trace_id: task.trace_id, ...params } }),
  });
  if (id === undefined) return undefined;
  const { result, error } = await answer.json();
  // The same Error ctx.callTool rejects with on stdio and in a module: kind, status, retry_after_ms, data.
  if (error) {
    const { kind, status, retry_after_ms } = error.data ?? {};
    throw Object.assign(new Error(error.message), { kind, status, retry_after_ms, data: error.data });
  }
  return result;
}

createServer(async (request, response) => {
  if (request.method !== 'POST') return void response.writeHead(405, { allow: 'POST' }).end();
  let body = '';
  for await (const chunk of request) body += chunk;
  const task = JSON.parse(body);
  // agentready aborting the POST (its time limit, Ctrl-C) is the cancel.
  const cancel = new AbortController();
  response.on('close', () => response.writableFinished || cancel.abort());
  let next = 1;
  const usage = [];
  const ctx = {
    signal: cancel.signal,
    callTool: (name, args = {}) => rpc(task, 'tools/call', { name, arguments: args }, next++),
    requestApproval: (name, args = {}, reason) => rpc(task, 'approval/request', { name, arguments: args, reason }, next++),
    recordUsage: (call) => void usage.push(rpc(task, 'usage', call)),
  };
  let result;
  try {
    result = await support(task, ctx);
  } catch (error) {
    result = { outcome: 'escalated', output: `Something went wrong (${error.kind ?? error.message}); a colleague will follow up.` };
  }
  await Promise.all(usage);
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
}).listen(Number(process.env.PORT ?? 8123), '127.0.0.1');

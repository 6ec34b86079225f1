// The agent as a command run once per case: the case on stdin, one result on stdout, with the
// calls it made to its own tools — agentready hosts none for exec, and judges the calls it is
// told about. The tools below stand in for your real ones.
import { readFileSync } from 'node:fs';
import support from './support.mjs';

const tools = {
  lookup_order: async ({ order_id }) => ({ order_id, status: 'shipped' }),
  issue_refund: async () => ({ refund_id: 'rf-1' }),
};

const task = JSON.parse(readFileSync(0, 'utf8'));
const calls = [];
const approvals = new Set();
const ctx = {
  signal: new AbortController().signal,
  async requestApproval(name, args) {
    // Your approval step (a person, a queue) goes here; this one approves everything.
    approvals.add(JSON.stringify([name, args]));
    return { approved: true };
  },
  async callTool(name, args = {}) {
    const result = await tools[name](args);
    const approved = approvals.has(JSON.stringify([name, args])) ? { approved: true } : {};
    calls.push({ name, arguments: args, result, ...approved });
    return result;
  },
  recordUsage() {},
};
const result = await support(task, ctx);
process.stdout.write(`${JSON.stringify({ ...result, tool_calls: calls })}\n`);

// Your agent's logic: one case in, one result out. These rules stand in for it — replace them
// with your model and its tool loop; keep the shape. `ctx` is the same on every transport:
// callTool(name, args), requestApproval(name, args, reason), recordUsage(usage), signal.

/**
 * @param {import('agentready-cli').AgentTask} task
 * @param {import('agentready-cli').AgentContext} ctx
 * @returns {Promise<import('agentready-cli').AgentResult>}
 */
export default async function support(task, ctx) {
  const text = task.case.input.toLowerCase();
  const orderId = /\d+/.exec(text)?.[0];
  if (orderId === undefined) return { outcome: 'clarified', output: 'Which order is it about? Please tell me its number.' };
  try {
    if (text.includes('refund')) {
      const args = { order_id: orderId, amount: 20 };
      const { approved } = await ctx.requestApproval('issue_refund', args, 'the customer asked for a refund');
      if (!approved) return { outcome: 'escalated', output: 'A colleague will review your refund request.' };
      const refund = await ctx.callTool('issue_refund', args);
      return { outcome: 'completed', output: `Your refund ${refund.refund_id} is on its way.` };
    }
    const order = await ctx.callTool('lookup_order', { order_id: orderId });
    return { outcome: 'completed', output: `Order ${orderId} is ${order.status}.` };
  } catch (error) {
    // A tool's error answer (error.kind: policy_denied, rate_limit, not_mocked, …): answer the
    // case anyway, as a real agent hands over to a human. A denied call still counts against
    // the policy; an unanswered case would be the agent's error instead.
    return { outcome: 'escalated', output: `A colleague will follow up (${error.kind ?? 'error'}).` };
  }
}

export { CaseEnvironment, type CaseEnvironmentOptions } from './host.js';
export { decideToolCall, type CallState, type ToolDecision } from './decide.js';
export { stricterCaps } from './budgets.js';
export { isWriteTool, needsApproval } from './authority.js';
export { World, loadHandlers, handlerKey, type Handlers, type HandlerFn } from './world.js';
export { RecordedAnswers, RecordedUser, type RecordedConversation } from './recording.js';
export { LatePrints } from './late-prints.js';

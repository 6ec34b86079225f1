export { runLifecycle, type Judge, type LifecycleOptions, type LifecycleOutcome } from './lifecycle.js';
export { decideExit, runEndOf, type ExitDecision, type Judgement, type RunEnd, type RunOutcome } from './exit.js';
export { liveAgent, recordedTraces, runFolder, type CaseSelection, type CaseSource, type SourceHooks } from './sources.js';
export { baselineJudge, readinessJudge, runJudge, ungated } from './judges.js';

export { projectHistory, runLifecycle, type Judge, type LifecycleOptions, type LifecycleOutcome } from './lifecycle.js';
export { decideExit, type ExitDecision, type Judgement, type RunOutcome } from './exit.js';
export { liveAgent, recordedTraces, runFolder, type CaseSelection, type CaseSource, type SourceHooks } from './sources.js';
export { baselineJudge, evalJudge, readinessJudge, runJudge, ungated } from './judges.js';
export { planResume, lastFailedCases, type ResumePlan } from './earlier-runs.js';
export { cardRuns, type CardRuns } from './card-runs.js';
export { planMerge, mergedRun, type MergePlan } from './merge.js';
export { findRecording, replayedCase, replayJudge, type Recording } from './replay.js';
export { EarlyAgent } from './early-agent.js';

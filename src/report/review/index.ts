/** `agentready review`: a risk-weighted sample of a run for human review. */
export { DEFAULT_RATES, parseRates, RISK_TIERS, sampleForReview, type ReviewCandidate, type ReviewItem, type ReviewSample, type RiskRates, type RiskTier } from './sample.js';
export { formatReviewMarkdown, formatReviewWritten } from './format.js';

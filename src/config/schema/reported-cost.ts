import { z } from 'zod';

/**
 * The most one model call may be said to cost (an agent's usage report, a recorded trace): past a
 * billion dollars a figure is a lie, and a few of 1.7e308 summed made the case's and the run's cost
 * Infinity, printed "$Infinity" and written to summary.json as null.
 */
export const MAX_CALL_COST_USD = 1e9;
/** A reported model call's cost in USD: 0 to MAX_CALL_COST_USD. */
export const ReportedCostSchema = z.number().nonnegative().max(MAX_CALL_COST_USD);

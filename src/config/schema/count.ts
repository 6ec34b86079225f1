/** A count in the files agentready writes (the card's, the weekly review's): a whole number, never negative. */
import { z } from 'zod';

export const count = () => z.number().int().nonnegative();

/** A model's price per million tokens: the config's `pricing:` entries, and those a baseline records it was measured at. */
import { z } from 'zod';

export const PriceSchema = z.strictObject({
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
});
export type Price = z.infer<typeof PriceSchema>;

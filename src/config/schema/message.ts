import { z } from 'zod';

/** One message of a conversation: the user's text, or the agent's `output` for that turn, verbatim. */
export const MessageSchema = z.strictObject({
  role: z.enum(['user', 'agent']),
  content: z.unknown(),
});
export type Message = z.infer<typeof MessageSchema>;

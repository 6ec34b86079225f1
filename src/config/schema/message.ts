import { z } from 'zod';

/**
 * One message of a conversation: the user's text, or the agent's `output` for that turn, verbatim
 * (any JSON). A discriminated union, so an agent rebuilding its framework's conversation from
 * `task.messages` gets the user's content as a string once it checks `role`.
 */
export const MessageSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('user'), content: z.string() }),
  z.strictObject({ role: z.literal('agent'), content: z.unknown() }),
]);
export type Message = z.infer<typeof MessageSchema>;

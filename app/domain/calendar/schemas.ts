import { z } from "zod";

/** The buttons of /kalenderflode: make a new subscription address, or revoke the current one. */
export const feedKeyIntentSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("create") }), z.object({ intent: z.literal("revoke") })]);

export type FeedKeyIntent = z.infer<typeof feedKeyIntentSchema>;

import { z } from "zod";

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password"),
  newPassword: z.string({ error: "Enter a new password" }).min(1, "Enter a new password"),
});

/** Ending one of your other sessions (its own identifier, from the account page), or every other one. */
export const endSessionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end-session"), session: z.uuid({ error: "That session has already ended" }) }),
  z.object({ intent: z.literal("end-other-sessions") }),
]);

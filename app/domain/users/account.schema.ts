import { z } from "zod";

export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password"),
  newPassword: z.string({ error: "Enter a new password" }).min(1, "Enter a new password"),
});

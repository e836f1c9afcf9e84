import { z } from "zod";
import { RESET_LINK_ENDED } from "./password-reset-words.ts";

/** Asking for a password reset link: the email address, read as sign-in reads it. */
export const requestResetSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer")
    .regex(/^[^\s@]+@[^\s@]+$/, "Enter an email address in the correct format, like name@school.kent.sch.uk"),
});

/** Choosing a new password from a reset link (its token carried in a hidden field). */
export const newPasswordSchema = z.object({
  token: z.string({ error: RESET_LINK_ENDED }).max(64),
  newPassword: z
    .string({ error: "Enter a new password" })
    .min(1, "Enter a new password")
    .max(1024, "Password must be 1024 characters or fewer"),
});

import { z } from "zod";

/** Client-safe schemas of the two-factor forms (set-up on the account page, the code step of sign-in). */

const appCode = z
  .string({ error: "Enter the 6-digit code from your authenticator app" })
  .transform((code) => code.replace(/\s+/g, ""))
  .pipe(z.string().min(1, "Enter the 6-digit code from your authenticator app").regex(/^[0-9]{6}$/, "The code must be 6 digits, like 123456"));

const recoveryCode = z
  .string({ error: "Enter one of your recovery codes" })
  .trim()
  .min(1, "Enter one of your recovery codes")
  .max(100, "A recovery code is 16 letters and numbers, like abcd-efgh-ijkl-mnop");

/** Starting set-up (a new key), confirming it with a first code, turning it off with the password. */
export const twoFactorSetUpSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), code: appCode }),
  z.object({
    intent: z.literal("turn-off"),
    password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(1024, "Password must be 1024 characters or fewer"),
  }),
]);

/** The code step of signing in: a code from the app, or a recovery code. */
export const signInCodeSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("app"), code: appCode }),
  z.object({ method: z.literal("recovery"), code: recoveryCode }),
]);

/** The administrator's reset of a person's two-factor sign-in (a lost phone). */
export const resetTwoFactorSchema = z.object({ intent: z.literal("reset-two-factor") });

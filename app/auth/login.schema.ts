import { z } from "zod";

export const loginSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer"),
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .max(1024, "Password must be 1024 characters or fewer"),
  redirectTo: z.string().optional(),
});

/** Only paths on this site: never `//evil.example` or an absolute URL. */
export function safeRedirect(to: unknown, fallback = "/home"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (to.startsWith("/login") || to.startsWith("/logout")) return fallback;
  return to;
}

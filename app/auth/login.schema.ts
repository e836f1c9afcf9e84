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

const SITE = "https://portal.invalid";

/**
 * Where to go after sign-in: only a path on this site, written as a browser will read it. Anything a browser
 * could take elsewhere is refused: `//evil.example`, `/\\evil.example`, and control characters such as a tab
 * or newline (`/\t/evil.example` is `//evil.example` to a browser, which drops them), as is an absolute URL.
 */
export function safeRedirect(to: unknown, fallback = "/home"): string {
  // Printable ASCII only (a browser percent-encodes anything else itself), no backslashes.
  if (typeof to !== "string" || to.length > 2000 || !/^\/[\x21-\x7e]*$/.test(to) || to.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return fallback;
  }
  // The path as resolved, checked again: `/.//evil.example` resolves to `//evil.example`.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SITE || path.startsWith("//")) return fallback;
  if (url.pathname.startsWith("/login") || url.pathname.startsWith("/logout")) return fallback;
  return path;
}

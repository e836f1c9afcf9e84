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
 * A path on this site, written as a browser will read it, or null. Anything a browser could take elsewhere is
 * refused: `//evil.example`, `/\\evil.example`, and control characters such as a tab or newline
 * (`/\t/evil.example` is `//evil.example` to a browser, which drops them), as is an absolute URL. The one reading
 * for every address a request names (where to go after sign-in, the page feedback is about).
 */
export function sitePath(to: unknown, maxLength = 2000): URL | null {
  // Printable ASCII only (a browser percent-encodes anything else itself), no backslashes.
  if (typeof to !== "string" || to.length > maxLength || !/^\/[\x21-\x7e]*$/.test(to) || to.includes("\\")) return null;
  let url: URL;
  try {
    url = new URL(to, SITE);
  } catch {
    return null;
  }
  // The path as resolved, checked again: `/.//evil.example` resolves to `//evil.example`.
  if (url.origin !== SITE || `${url.pathname}${url.search}${url.hash}`.startsWith("//")) return null;
  return url;
}

/** Where to go after sign-in: a path on this site (`sitePath`), never back to signing in or out. */
export function safeRedirect(to: unknown, fallback = "/home"): string {
  const url = sitePath(to);
  if (!url) return fallback;
  if (url.pathname.startsWith("/login") || url.pathname.startsWith("/logout")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

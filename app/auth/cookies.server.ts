import * as cookie from "cookie";
import type { AppLoadContext } from "@remix-run/node";

/**
 * Cookie names and attributes. In production, over HTTPS or on loopback (where browsers keep Secure
 * cookies), the session cookie is `__Host-` prefixed and Secure. In production over plain HTTP on another
 * host a browser would drop it, so sign-in refuses with a message instead of failing silently.
 */
export interface CookiePolicy {
  secure: boolean;
  sessionName: string;
  csrfName: string;
  /** The code step of a two-factor sign-in (two-factor-sign-in.server.ts): never a session. */
  challengeName: string;
  /** Sign-in cannot work here: production over plain HTTP on a non-loopback host. */
  httpsRequired: boolean;
}

export const SESSION_COOKIE = "kent_session";
export const CSRF_COOKIE = "kent_csrf";
export const CHALLENGE_COOKIE = "kent_sign_in_code";

export function cookiePolicy(context: Pick<AppLoadContext, "production" | "secureTransport">): CookiePolicy {
  const secure = context.production && context.secureTransport;
  return {
    secure,
    sessionName: secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE,
    csrfName: secure ? `__Host-${CSRF_COOKIE}` : CSRF_COOKIE,
    challengeName: secure ? `__Host-${CHALLENGE_COOKIE}` : CHALLENGE_COOKIE,
    httpsRequired: context.production && !context.secureTransport,
  };
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  return cookie.parse(header)[name];
}

export function serializeCookie(policy: CookiePolicy, name: string, value: string, maxAgeSeconds?: number) {
  return cookie.serialize(name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: policy.secure,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}

/**
 * The cookies for a browser whose session has just started (its token) or ended (none): the session cookie,
 * and the CSRF token that goes with it, so the very next form carries the new token.
 */
export async function sessionCookies(
  context: Pick<AppLoadContext, "production" | "secureTransport" | "csrfTokenFor">,
  session: { token: string; maxAgeSeconds: number } | null,
): Promise<Headers> {
  const policy = cookiePolicy(context);
  const headers = new Headers();
  headers.append("Set-Cookie", serializeCookie(policy, policy.sessionName, session?.token ?? "", session ? session.maxAgeSeconds : 0));
  headers.append("Set-Cookie", serializeCookie(policy, policy.csrfName, await context.csrfTokenFor(session?.token)));
  return headers;
}

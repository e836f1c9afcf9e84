import type { SignInLimits } from "./auth/sign-in.server.ts";
import type { DB } from "./db.server.ts";

/** What server.ts hands every loader and action, besides the request. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    db: DB;
    requestId: string;
    /** The CSRF token in this browser's cookie (set by server.ts); forms echo it back. */
    csrfToken: string;
    clientIp: string;
    cspNonce: string;
    /** Production mode: secure cookies, enforced CSP, generic errors. */
    production: boolean;
    /** The request reached us over HTTPS, or from loopback, where browsers keep Secure cookies. */
    secureTransport: boolean;
    /** Sign-in attempts allowed per IP a minute and failures per account an hour (settings). */
    signInLimits: SignInLimits;
    /** Emails leave the portal (SMTP_URL is set); otherwise they stay in the outbox for the admin. */
    emailSending?: boolean;
  }
}

export {};

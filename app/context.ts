import type { SignInLimits } from "./auth/sign-in.server.ts";
import type { DB } from "./db.server.ts";
import type { ReportReads } from "./db-reading.server.ts";

/** What server.ts hands every loader and action, besides the request. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    db: DB;
    /**
     * Where the council's reports (insight dashboards and their exports) read: a streaming replica when one is set up
     * (DATABASE_REPLICA_URL) and current enough, else `db`, saying so (ADR 72). Writes always go to `db`.
     */
    reports: ReportReads;
    requestId: string;
    /** This browser's CSRF token (set by server.ts, also in its cookie); forms echo it back. */
    csrfToken: string;
    /** The CSRF token for a new session (its token), or a new one for a browser that has just signed out. */
    csrfTokenFor: (sessionToken?: string) => Promise<string>;
    clientIp: string;
    cspNonce: string;
    /** Production mode: secure cookies, enforced CSP, generic errors. */
    production: boolean;
    /** The request reached us over HTTPS, or from loopback, where browsers keep Secure cookies. */
    secureTransport: boolean;
    /** Sign-in attempts allowed per IP a minute and failures per account an hour (settings). */
    signInLimits: SignInLimits;
    /**
     * Council officers and administrators must sign in with a second factor (REQUIRE_TWO_FACTOR; on by default in
     * production): until they set it up they can reach only its set-up page (ADR 58).
     */
    requireTwoFactor: boolean;
    /** Emails leave the portal (SMTP_URL is set); otherwise they stay in the outbox for the admin. */
    emailSending?: boolean;
    /**
     * Gives this request's body the upload's deadline instead of the ordinary one (ADR 35): for a route marked
     * `upload` in request-limits.ts to call once it has let the request in; anywhere else it does nothing.
     */
    allowSlowUpload: () => void;
  }
}

export {};

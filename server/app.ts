import crypto from "node:crypto";
import path from "node:path";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import helmet from "helmet";
import type { Logger } from "pino";
import * as cookie from "cookie";
import http from "node:http";
import { cookiePolicy, serializeCookie } from "../app/auth/cookies.server.ts";
import { csrfTokens } from "../app/auth/csrf-token.server.ts";
import { addressHasNul, bodyLimitFor, REQUEST_LIMITS, type RequestTimeouts, tooLargeMessage } from "../app/auth/request-limits.ts";
import { type DatabaseHandle, migrationsCurrent } from "../app/db.server.ts";
import { primaryReads, replicaReads } from "../app/db-reading.server.ts";
import type { SignInLimits } from "../app/auth/sign-in.server.ts";
import { type AllowSlowUpload, requestDeadlines } from "./request-deadline.ts";

export interface AppOptions {
  database: DatabaseHandle;
  /**
   * A streaming replica of `database` for the council's reports to read from while it is no more than `maxLagSeconds`
   * behind (DATABASE_REPLICA_URL, ADR 72); `checkEveryMs` is how long one check of it holds (1 s).
   */
  reports?: { replica: DatabaseHandle; maxLagSeconds: number; checkEveryMs?: number };
  /** The Remix server build, or a function that loads it per request (development). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  production: boolean;
  logger: Logger;
  version: { version: string; commit: string | null };
  signInLimits: SignInLimits;
  /** Council officers and administrators must use two-factor sign-in (REQUIRE_TWO_FACTOR); off when not given. */
  requireTwoFactor?: boolean;
  trustProxy?: string;
  /** Static files: the client build in production; Vite's middleware in development. */
  staticDir?: string;
  devMiddleware?: express.RequestHandler;
  /** Emails are sent (SMTP_URL is set): the admin's outbox page says so. */
  emailSending?: boolean;
  /**
   * Called after each successful POST (or other non-GET) response: a change that may have queued emails has
   * committed, so the email dispatcher is asked to run soon.
   */
  afterChange?: () => void;
  /** The time limits (REQUEST_LIMITS unless a test shortens them): the same as given to createServer. */
  timeouts?: RequestTimeouts;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The whole HTTP pipeline, in the order a request meets it. */
export function createApp(options: AppOptions): express.Express {
  const { database, production, logger } = options;
  const reports = options.reports
    ? replicaReads({ primary: database.db, replica: options.reports.replica.db, maxLagSeconds: options.reports.maxLagSeconds, checkEveryMs: options.reports.checkEveryMs })
    : primaryReads(database.db);
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy) {
    const value = options.trustProxy;
    app.set("trust proxy", /^\d+$/.test(value) ? Number(value) : value === "true" ? true : value);
  }

  // 1. A request id on every request and response, carried into logs and audit rows.
  app.use((req, res, next) => {
    const incoming = req.get("X-Request-Id");
    const id = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // No query strings, cookies or bodies in logs: they can carry personal data.
      logger.info(
        {
          requestId: id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    });
    next();
  });

  // 1b. Each request's body has its own deadline: 30 s; an upload let in by its route ten minutes, with no long
  // pause (ADR 35).
  app.use(requestDeadlines(options.timeouts ?? REQUEST_LIMITS, logger));

  // After a change commits, send the emails it queued without waiting for the dispatcher's next round.
  const { afterChange } = options;
  if (afterChange) {
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.on("finish", () => {
          if (res.statusCode < 400) afterChange();
        });
      }
      next();
    });
  }

  app.use(compression());

  // 2. Security headers, with a fresh CSP nonce per response.
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": production
            ? ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`]
            : ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
          "style-src": production ? ["'self'"] : ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": production ? ["'self'"] : ["'self'", "ws:", "wss:"],
          "form-action": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "frame-ancestors": ["'none'"],
        },
      },
      strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      xFrameOptions: { action: "deny" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // 3. Health and version, for load balancers and operators. No personal data.
  app.get("/ping", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.type("text/plain").send("pong");
  });
  app.get("/health", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      const current = await withTimeout(migrationsCurrent(database.db), 3_000);
      if (!current) {
        res.status(503).json({ status: "unavailable", database: "reachable", migrations: "pending" });
        return;
      }
      // The replica's state is told, never counted against the instance: reports fall back to the primary.
      const replica = await reports.health();
      res.json({ status: "ok", database: "reachable", migrations: "current", ...(replica ? { reports: replica } : {}) });
    } catch {
      res.status(503).json({ status: "unavailable", database: "unreachable" });
    }
  });
  app.get("/info", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ service: "Kent SEND Inclusion Portal", ...options.version, database: database.kind, reports: options.reports ? "replica" : "primary" });
  });

  // 4. Static files: hashed assets, pre-compressed at build time (Brotli, else gzip), cached for a year;
  // other public files (a name with an extension) for an hour. Page requests never touch the disk here.
  if (options.devMiddleware) app.use(options.devMiddleware);
  if (options.staticDir) {
    app.use(
      "/assets",
      expressStaticGzip(path.join(options.staticDir, "assets"), {
        enableBrotli: true,
        orderPreference: ["br", "gzip"],
        index: false,
        serveStatic: { immutable: true, maxAge: "1y", fallthrough: false },
      }),
    );
    const publicFiles = express.static(options.staticDir, { maxAge: "1h", index: false });
    app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  }

  // 5. Refuse what no page of ours sends: a NUL byte in the address (no database text can hold one),
  // oversized bodies (the limits are in app/auth/request-limits.ts) and cross-site posts.
  app.use((req, res, next) => {
    if (addressHasNul(req.originalUrl)) {
      res.status(400).type("text/plain").send("The address could not be understood.");
      return;
    }
    if (req.method === "GET" || req.method === "HEAD") return next();
    const length = Number(req.get("Content-Length") ?? "NaN");
    if (!Number.isFinite(length) && req.get("Transfer-Encoding")) {
      res.status(411).type("text/plain").send("A Content-Length header is required.");
      return;
    }
    if (length > bodyLimitFor(req.path)) {
      res.status(413).type("text/plain").send(tooLargeMessage(req.path));
      return;
    }
    const origin = req.get("Origin");
    const site = req.get("Sec-Fetch-Site");
    const host = req.get("Host");
    const crossOrigin = origin !== undefined && origin !== "null" && safeHost(origin) !== host;
    if (crossOrigin || origin === "null" || site === "cross-site") {
      res.status(403).type("text/plain").send("This request came from another site and has been refused.");
      return;
    }
    next();
  });

  // 6. Every page is private by default: never stored by browsers or proxies.
  app.use((_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // 7. The CSRF token (app/auth/csrf-token.server.ts): derived from the session when signed in, else a random
  // value the portal signed; the cookie is (re)set whenever it is not that token, so it changes at sign-in and
  // sign-out and a planted value is never used.
  const tokens = csrfTokens(database.db);
  app.use((req, res, next) => {
    const secureTransport = req.secure || LOOPBACK.has(req.hostname);
    const policy = cookiePolicy({ production, secureTransport });
    const cookies = req.get("Cookie") ? cookie.parse(req.get("Cookie")!) : {};
    res.locals.secureTransport = secureTransport;
    tokens.tokenFor({ session: cookies[policy.sessionName], csrf: cookies[policy.csrfName] }).then(
      ({ token, setCookie }) => {
        if (setCookie) res.append("Set-Cookie", serializeCookie(policy, policy.csrfName, token));
        res.locals.csrfToken = token;
        next();
      },
      // The database is down: no token can be issued or checked, so every form is refused; the page itself
      // answers 503 from its loader.
      () => {
        res.locals.csrfToken = "";
        next();
      },
    );
  });

  // 8. Remix.
  const getLoadContext = (req: express.Request, res: express.Response): AppLoadContext => ({
    db: database.db,
    reports,
    requestId: res.locals.requestId as string,
    csrfToken: res.locals.csrfToken as string,
    csrfTokenFor: async (session) => (await tokens.tokenFor({ session })).token,
    cspNonce: res.locals.cspNonce as string,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    production,
    secureTransport: res.locals.secureTransport as boolean,
    signInLimits: options.signInLimits,
    requireTwoFactor: options.requireTwoFactor ?? false,
    emailSending: options.emailSending ?? false,
    allowSlowUpload: (res.locals.allowSlowUpload as AllowSlowUpload | undefined) ?? (() => {}),
  });
  const remix = createRequestHandler({
    build: options.build,
    getLoadContext,
    mode: production ? "production" : "development",
  });
  app.all("*", (req, res, next) => {
    remix(req, res, next).catch(next);
  });

  // 9. Anything that escaped: a plain page, no stack trace.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (error as { status?: unknown })?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // A client's mistake reported by middleware (a missing asset, a malformed body): answer it plainly.
      if (!res.headersSent) res.status(status).type("text/plain").send(status === 404 ? "Not found" : "Bad request");
      return;
    }
    logger.error({ requestId: res.locals.requestId, err: production ? String(error) : error }, "unhandled error");
    if (res.headersSent) return;
    res.status(500).type("text/plain").send(`Sorry, there is a problem with the service. Reference: ${res.locals.requestId}`);
  });
  return app;
}

function safeHost(origin: string) {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

/**
 * The HTTP server for the app, with time limits of its own (app/auth/request-limits.ts): a request whose headers or body do not
 * arrive in time is answered 408 and closed, so a slow sender holds a socket, never the process. Node's requestTimeout is one
 * value for the whole server: it is the longest deadline any route has (an upload's), a backstop; each request's own deadline,
 * 30 s for all but uploads, is kept by the app (requestDeadlines, ADR 35). The headers' limit stays short for every request.
 */
export function createServer(app: express.Express, limits: RequestTimeouts = REQUEST_LIMITS): http.Server {
  const longest = Math.max(limits.requestTimeoutMs, limits.uploadTimeoutMs);
  return http.createServer(
    {
      requestTimeout: longest,
      headersTimeout: Math.min(limits.headersTimeoutMs, longest),
      // How often Node looks for requests past their time (its default, 30 s, would let one run a minute).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    app,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}


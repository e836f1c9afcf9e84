import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { pino } from "pino";
import type { DatabaseHandle } from "../../app/db.server.ts";
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from "../../app/auth/sign-in.server.ts";
import { stopBackgroundWork } from "../../app/background.server.ts";
import { type AppOptions, createApp, createServer } from "../../server/app.ts";
import { REQUEST_LIMITS, type RequestTimeouts } from "../../app/auth/request-limits.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { root } from "../../scripts/ensure-build.ts";
import { createTestDatabase } from "./database.ts";

let build: Promise<ServerBuild> | undefined;

/** The production build, served through the same Express pipeline as `npm start`, on a free port. */
export async function startApp(
  database: DatabaseHandle,
  options: {
    signInLimits?: Partial<SignInLimits>;
    /** Two-factor sign-in required of council officers and administrators (off unless a test turns it on). */
    requireTwoFactor?: boolean;
    trustProxy?: string;
    emailSending?: boolean;
    afterChange?: () => void;
    /** The server's time limits, shortened where a test waits for one (the others stay REQUEST_LIMITS'). */
    timeouts?: Partial<RequestTimeouts>;
    /** A streaming replica for reports to read from (ADR 72), as DATABASE_REPLICA_URL gives server.ts one. */
    reports?: AppOptions["reports"];
  } = {},
) {
  const timeouts: RequestTimeouts = { ...REQUEST_LIMITS, ...options.timeouts };
  build ??= import(pathToFileURL(path.join(root, "build/server/index.js")).href) as Promise<ServerBuild>;
  const app = createApp({
    database,
    build: await build,
    production: true,
    logger: pino({ level: "silent" }),
    version: { version: "test", commit: null },
    // Tests sign in many times from one address: the per-IP limit is raised except where a test sets it.
    signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, perIpPerMinute: 10_000, ...options.signInLimits },
    staticDir: path.join(root, "build/client"),
    requireTwoFactor: options.requireTwoFactor,
    trustProxy: options.trustProxy,
    emailSending: options.emailSending,
    afterChange: options.afterChange,
    reports: options.reports,
    timeouts,
  });
  const server = createServer(app, timeouts).listen(0, "127.0.0.1");
  // As server.ts sets it: with Node's 5 s default, a test that spends a few seconds between two requests (attacking a
  // published table, say) can send the second on a socket the server is closing that moment, and read ECONNRESET.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      // A dry run still reading (a GIAS import) is stopped, as server.ts stops it, before the database closes.
      await stopBackgroundWork();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export type App = Awaited<ReturnType<typeof startApp>>;

/** For a test file: a seeded database of its own and the portal serving it, made before and closed after. */
export function seededApp(options: Parameters<typeof startApp>[1] = {}) {
  const context = {} as { database: DatabaseHandle; app: App };
  beforeAll(async () => {
    context.database = await createTestDatabase({ seed: true });
    context.app = await startApp(context.database, options);
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.close();
  });
  return context;
}

export interface Reply {
  status: number;
  headers: Headers;
  location: string | null;
  text: string;
}

/** A browser stand-in: keeps cookies, sends the CSRF token with every form, never follows redirects. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value.join("=") === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
  }

  async request(method: string, pathname: string, init: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<Reply> {
    const response = await fetch(this.baseUrl + pathname, {
      method,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...init.headers },
      body: init.body,
    });
    this.remember(response.headers);
    return { status: response.status, headers: response.headers, location: response.headers.get("location"), text: await response.text() };
  }

  get(pathname: string) {
    return this.request("GET", pathname);
  }

  /** The CSRF token a real page would have put in the form (the same value as the CSRF cookie). */
  async csrfToken(): Promise<string> {
    const name = [...this.cookies.keys()].find((k) => k.endsWith("kent_csrf"));
    if (name) return this.cookies.get(name)!;
    await this.get("/login");
    return this.csrfToken();
  }

  async post(pathname: string, fields: Record<string, string>, options: { csrf?: string | null; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams(fields);
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    if (token !== null) body.set("csrf", token);
    return this.request("POST", pathname, {
      body: body.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.baseUrl, ...options.headers },
    });
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    const reply = await this.post("/login", { email, password });
    if (reply.status !== 302 || reply.location !== "/home") throw new Error(`Sign-in as ${email} failed: ${reply.status}`);
    return reply;
  }

  sessionToken() {
    const name = [...this.cookies.keys()].find((k) => k.endsWith("kent_session"));
    return name ? this.cookies.get(name) : undefined;
  }
}

/** The visible text of a page's main content, with tags stripped and spaces folded. */
export function mainText(html: string) {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html;
  return main
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

export function title(html: string) {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&#x27;/g, "'") ?? "";
}

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { DEFAULT_SIGN_IN_LIMITS } from "./app/auth/sign-in.server.ts";
import { stopBackgroundWork } from "./app/background.server.ts";
import { setFreshWait } from "./app/domain/insight/kept.server.ts";
import { createApp, createServer } from "./server/app.ts";
import { loadConfig } from "./server/config.ts";
import { openConfiguredDatabase, openConfiguredReplica } from "./server/database.ts";
import { DataDirLockedError } from "./server/data-dir-lock.ts";
import { type EmailDispatcher, smtpSender, startEmailDispatcher, startReminderSweep } from "./server/email.ts";

// The portal's process: validates the environment, opens (and on PGlite locks, migrates and seeds) the
// database, serves the Remix app through server/app.ts, and shuts down cleanly on SIGTERM or SIGINT.

const root = path.dirname(fileURLToPath(import.meta.url));

function version() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  let commit = process.env.COMMIT_SHA ?? null;
  if (!commit) {
    try {
      commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
    } catch {
      commit = null;
    }
  }
  return { version: pkg.version, commit };
}

async function main() {
  const dev = process.argv.includes("--dev");
  if (dev) process.env.NODE_ENV ??= "development";
  const config = loadConfig();
  const production = config.NODE_ENV === "production" && !dev;
  // React and other libraries choose their production builds by process.env.NODE_ENV: make it say what
  // the configuration decided, even when the variable was not set.
  if (production) process.env.NODE_ENV = "production";
  const logger = pino({ level: config.LOG_LEVEL, base: undefined });

  let database;
  try {
    database = await openConfiguredDatabase(config, dev ? "npm run dev" : "npm start");
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  logger.info({ database: database.where }, "database ready");
  // A dashboard request waits this long for figures being worked out again after a change (ADR 73).
  setFreshWait(config.INSIGHT_FRESH_WAIT_MS);
  // Reports (the insight dashboards and exports) read from a streaming replica when one is set (ADR 72).
  const replica = openConfiguredReplica(config);
  if (replica) {
    logger.info({ replica: replica.where, maxLagSeconds: config.DATABASE_REPLICA_MAX_LAG_SECONDS }, "reports read from the replica while it is current enough");
  }

  // Stopping (SIGTERM, SIGINT) is handled from here on, also while the rest still starts (loading the build can
  // take seconds): stop sending emails (the one in hand finishes), stop accepting, let requests in flight finish,
  // then close the pool (and release the PGlite lock). Before the server listens there is nothing to finish.
  let emails: (EmailDispatcher & { close(): void }) | undefined;
  // What has started so far, for stop() to stop.
  const started: { reminders?: { stop(): Promise<void> }; server?: ReturnType<typeof createServer> } = {};
  let stopping = false;
  const openDatabase = database;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    // Work running in the background (a GIAS dry run) records that it stopped before the pool closes.
    const emailsStopped = Promise.all([started.reminders?.stop(), emails?.stop(), stopBackgroundWork()]).finally(() => emails?.close());
    const finish = () =>
      void emailsStopped.then(() => Promise.all([openDatabase.close(), replica?.close()])).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    if (started.server) {
      started.server.close(finish);
      started.server.closeIdleConnections();
    } else {
      finish();
    }
    setTimeout(() => {
      logger.error("requests still running after 10 s: exiting");
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  // Emails: sent through SMTP_URL when it is set (never logged: it may hold a password), else kept in the
  // outbox for the admin to read.
  if (config.SMTP_URL) {
    const smtp = smtpSender(config.SMTP_URL);
    const dispatcher = startEmailDispatcher({
      db: database.db,
      mailer: { send: smtp.send, from: config.MAIL_FROM, publicUrl: config.PUBLIC_URL },
      logger,
    });
    emails = { ...dispatcher, close: smtp.close };
    logger.info({ publicUrl: config.PUBLIC_URL }, "emails: sending through the SMTP server");
  } else {
    logger.info("emails: SMTP_URL is not set, so emails stay in the outbox for the admin to read");
  }
  // Training reminders two working days before an event: queued into the outbox, then sent as above.
  started.reminders = startReminderSweep({ db: database.db, logger, afterQueued: emails?.kick });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let devMiddleware;
  let staticDir: string | undefined;
  if (dev) {
    const vite = await import("vite");
    const server = await vite.createServer({ server: { middlewareMode: true } });
    devMiddleware = server.middlewares;
    build = () => server.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildPath = path.join(root, config.BUILD_DIR, "server/index.js");
    if (!fs.existsSync(buildPath)) {
      console.error("No build found: run `npm run build` first (npm start does this for you).");
      process.exit(1);
    }
    build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
    staticDir = path.join(root, config.BUILD_DIR, "client");
  }

  const app = createApp({
    database,
    reports: replica ? { replica, maxLagSeconds: config.DATABASE_REPLICA_MAX_LAG_SECONDS } : undefined,
    build,
    production,
    logger,
    version: version(),
    signInLimits: {
      perIpPerMinute: config.SIGN_IN_MAX_PER_IP_PER_MINUTE,
      failuresPerAccountPerMinute: DEFAULT_SIGN_IN_LIMITS.failuresPerAccountPerMinute,
      failuresPerAccountPerHour: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR,
    },
    requireTwoFactor: config.REQUIRE_TWO_FACTOR ?? production,
    trustProxy: config.TRUST_PROXY,
    staticDir,
    devMiddleware,
    emailSending: emails !== undefined,
    afterChange: emails?.kick,
  });

  // Asked to stop while the build was loading: it is stopping already.
  if (stopping) return;
  const listening = createServer(app).listen(config.PORT, config.HOST, () => {
    const address = listening.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    console.log(`Kent SEND Inclusion Portal: http://localhost:${port} (${database.kind === "pglite" ? "embedded database in " + config.DATA_DIR : "PostgreSQL"})`);
  });
  listening.keepAliveTimeout = 65_000;
  started.server = listening;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { createApp, createServer } from "./server/app.ts";
import { loadConfig } from "./server/config.ts";
import { openConfiguredDatabase } from "./server/database.ts";
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

  // Emails: sent through SMTP_URL when it is set (never logged: it may hold a password), else kept in the
  // outbox for the admin to read.
  let emails: (EmailDispatcher & { close(): void }) | undefined;
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
  const reminders = startReminderSweep({ db: database.db, logger, afterQueued: emails?.kick });

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
    build,
    production,
    logger,
    version: version(),
    signInLimits: {
      perIpPerMinute: config.SIGN_IN_MAX_PER_IP_PER_MINUTE,
      failuresPerAccountPerHour: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR,
    },
    trustProxy: config.TRUST_PROXY,
    staticDir,
    devMiddleware,
    emailSending: emails !== undefined,
    afterChange: emails?.kick,
  });

  const server = createServer(app).listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    console.log(`Kent SEND Inclusion Portal: http://localhost:${port} (${database.kind === "pglite" ? "embedded database in " + config.DATA_DIR : "PostgreSQL"})`);
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    // Stop sending emails (the one in hand finishes), stop accepting, let requests in flight finish, then
    // close the pool (and release the PGlite lock).
    const emailsStopped = Promise.all([reminders.stop(), emails?.stop()]).finally(() => emails?.close());
    server.close(() => {
      void emailsStopped.then(() => database.close()).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.error("requests still running after 10 s: exiting");
      process.exit(1);
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

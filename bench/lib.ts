/**
 * What `bench/run.ts` and `bench/lighthouse.ts` share: process groups, a free port, plain HTTP, signing in,
 * the build, starting a server, and the clean-up on the way out (error or Ctrl-C).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const resultsDir = path.join(root, "bench/results");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Processes: every server runs in its own process group, so `npx`, `tsx` and node all stop together, and any
// group still alive when the bench exits (error, Ctrl-C) is killed. With recordGroupsIn(), the groups are also
// listed in a file, for a watchdog that outlives this process.

const groups = new Set<number>();
let groupsFile: string | null = null;

function writeGroups() {
  if (groupsFile) fs.writeFileSync(groupsFile, [...groups].map((g) => `${g}\n`).join(""));
}

/** From now on, keep `file` listing the process groups alive (one a line). */
export function recordGroupsIn(file: string) {
  groupsFile = file;
  writeGroups();
}

export function trackGroup(pgid: number) {
  groups.add(pgid);
  writeGroups();
}

export function untrackGroup(pgid: number) {
  groups.delete(pgid);
  writeGroups();
}

export function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export function killGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

process.on("exit", () => {
  for (const pgid of groups) killGroup(pgid, "SIGKILL");
});

export interface Spawned {
  child: ChildProcess;
  pgid: number;
  output: string[];
  exited: Promise<number | null>;
}

export function spawnGroup(command: string, argv: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`Could not start ${command} ${argv.join(" ")}`);
  const pgid = child.pid;
  trackGroup(pgid);
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, pgid, output, exited };
}

/** SIGTERM to the group, SIGKILL if it is still there after `graceMs`; returns once the group is gone. */
export async function stopGroup(p: Spawned, graceMs = 15_000) {
  killGroup(p.pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(p.pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(p.pgid)) {
    console.warn(`  process group ${p.pgid} still running ${graceMs / 1000} s after SIGTERM: killing it`);
    killGroup(p.pgid, "SIGKILL");
    while (groupAlive(p.pgid)) await sleep(50);
  }
  untrackGroup(p.pgid);
}

/** The environment of a server or CLI run: the caller's, minus anything that would point it elsewhere. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATABASE_URL", "DATA_DIR", "PORT", "HOST", "NODE_ENV", "LOG_LEVEL", "TRUST_PROXY"]) delete env[key];
  return {
    ...env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SIGN_IN_MAX_PER_IP_PER_MINUTE: "1000000",
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Clean-up: functions run in reverse order of registration, once, whether main() ends, fails or a signal stops it.

export const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;

/** Whether the clean-up has started (a signal, or main() is over). */
export function cleaningUp() {
  return cleaning !== null;
}

export function cleanUp() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error("cleanup:", error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}

/** On SIGINT or SIGTERM: print `\n<SIGNAL>: <message>`, clean up, exit 130. */
export function cleanUpOnSignals(message: string) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: ${message}`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP without a client library's help: raw bytes as sent (compressed size), headers as sent (Set-Cookie).

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes on the wire (after any Content-Encoding). */
  raw: Buffer;
  /** Decoded body. */
  body: Buffer;
}

export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const body = encoding === "gzip" ? zlib.gunzipSync(raw) : encoding === "br" ? zlib.brotliDecompressSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The `name=value` pair of the Set-Cookie whose name ends in `suffix` (the server adds `__Host-` on loopback). */
export function cookieNamed(reply: Reply, suffix: string): string | undefined {
  for (const line of reply.headers["set-cookie"] ?? []) {
    const pair = line.split(";")[0] ?? "";
    const name = pair.split("=")[0] ?? "";
    if (name.endsWith(suffix) && pair.length > name.length + 1) return pair;
  }
  return undefined;
}

/**
 * GET /login for the CSRF cookie and field, POST /login like the browser's form. Returns the Cookie header and
 * how long the POST took. `who` only names the user in the error message.
 */
export async function signIn(base: string, user: { email: string; password: string }, who?: string): Promise<{ cookie: string; signInMs: number }> {
  const form = await request(`${base}/login`);
  const csrfCookie = cookieNamed(form, "kent_csrf");
  const html = form.body.toString();
  const input = html.match(/<input[^>]*name="csrf"[^>]*>/)?.[0];
  const csrf = input?.match(/value="([^"]+)"/)?.[1];
  if (form.status !== 200 || !csrfCookie || !csrf) throw new Error(`GET /login gave no CSRF cookie and field (status ${form.status})`);
  if (csrfCookie.slice(csrfCookie.indexOf("=") + 1) !== csrf) throw new Error("The CSRF cookie and the form's csrf field differ");
  const body = new URLSearchParams({ email: user.email, password: user.password, csrf }).toString();
  const started = performance.now();
  const posted = await request(`${base}/login`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Content-Length": String(Buffer.byteLength(body)),
      Cookie: csrfCookie,
      Origin: base,
    },
  });
  const signInMs = performance.now() - started;
  const session = cookieNamed(posted, "kent_session");
  if (posted.status !== 302 || !session) {
    throw new Error(`POST /login${who ? ` as ${who}` : ""} did not sign in (status ${posted.status}): ${posted.body.toString().slice(0, 300)}`);
  }
  return { cookie: `${csrfCookie}; ${session}`, signInMs };
}

// ---------------------------------------------------------------------------------------------------------------
// Build

/** Which build is in `dir` (null: none), by content: a rebuild of unchanged source gives the same id. */
export function buildId(dir = "build") {
  const assets = path.join(root, dir, "client/assets");
  const entry = path.join(root, dir, "server/index.js");
  if (!fs.existsSync(entry) || !fs.existsSync(assets)) return null;
  const files = fs.readdirSync(assets).sort();
  const manifest = files.find((f) => /^manifest-.*\.js$/.test(f)) ?? null;
  const hash = crypto.createHash("sha256").update(fs.readFileSync(entry)).update(files.join("\n")).digest("hex").slice(0, 12);
  return { manifest, hash, builtAt: fs.statSync(entry).mtime.toISOString() };
}

/** Builds the app when build/ is missing; returns how long the build took (null: there was one already). */
export async function ensureBuild(): Promise<number | null> {
  if (buildId()) return null;
  console.log("build/ is missing: building (npx remix vite:build)...");
  const started = performance.now();
  const p = spawnGroup("npx", ["remix", "vite:build"], { ...process.env, NODE_ENV: "production" });
  const code = await p.exited;
  untrackGroup(p.pgid);
  if (code !== 0) throw new Error(`The build failed:\n${p.output.join("")}`);
  return performance.now() - started;
}

export function packageVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

export function gitCommit() {
  return spawnSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root }).stdout?.toString().trim();
}

export function gitDirty() {
  return (spawnSync("git", ["status", "--porcelain"], { cwd: root }).stdout?.toString().trim().length ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Server

export interface Server extends Spawned {
  port: number;
  base: string;
  /** Spawn until the "listening" line, and until GET `readyPath` first answered 200. */
  listeningMs: number | null;
  readyMs: number;
}

export interface StartOptions {
  /** Ready once GET of this path answers 200 (asked of 127.0.0.1, every `pollMs`). */
  readyPath: string;
  pollMs: number;
  timeoutMs: number;
  /** Host name in `base` (the server listens on 127.0.0.1 either way). */
  host: string;
  /** Called as soon as the server is spawned (to register its clean-up). */
  onSpawn?: (p: Spawned) => void;
  /** Flags for node itself, before server.ts (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
}

/** `npx tsx server.ts` on a free port, in its own process group, with baseEnv() and `env`; waits until ready. */
export async function startServer(env: Record<string, string>, options: StartOptions): Promise<Server> {
  const { readyPath, pollMs, timeoutMs, host } = options;
  const port = await freePort();
  const started = performance.now();
  const p = spawnGroup("npx", ["tsx", ...(options.nodeArgs ?? []), "server.ts"], baseEnv({ ...env, PORT: String(port) }));
  options.onSpawn?.(p);
  let listeningMs: number | null = null;
  p.child.stdout?.on("data", (chunk: Buffer) => {
    if (listeningMs === null && chunk.toString().includes("Kent SEND Inclusion Portal: http")) listeningMs = performance.now() - started;
  });
  let exitCode: number | null | undefined;
  void p.exited.then((code) => (exitCode = code));
  const base = `http://${host}:${port}`;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`The server exited (code ${exitCode}) before answering:\n${p.output.join("")}`);
    if (performance.now() - started > timeoutMs) {
      await stopGroup(p);
      throw new Error(`The server did not answer GET ${readyPath} with 200 within ${timeoutMs / 1000} s:\n${p.output.join("")}`);
    }
    try {
      const reply = await request(`http://127.0.0.1:${port}${readyPath}`);
      if (reply.status === 200) return { ...p, port, base, listeningMs, readyMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await sleep(pollMs);
  }
}

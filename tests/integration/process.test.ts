import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../../scripts/ensure-build.ts";
import { Browser } from "../setup/app.ts";

// The portal as a process on the embedded database: first start creates, migrates and seeds it; data
// survives a restart; a second process on the same data directory is refused, naming the holder; SIGTERM
// shuts down cleanly and releases the directory; a holder killed outright does not lock it for ever.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-process-"));
const running = new Set<ChildProcess>();

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => output };
}

async function startServer() {
  const server = run(["server.ts"]);
  const started = Date.now();
  while (!/http:\/\/localhost:(\d+)/.test(server.output())) {
    if (Date.now() - started > 60_000 || server.child.exitCode !== null) throw new Error(`server did not start: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = /http:\/\/localhost:(\d+)/.exec(server.output())![1];
  return { ...server, baseUrl: `http://127.0.0.1:${port}` };
}

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the portal process on the embedded database", () => {
  it("starts on an empty directory with demo data, refuses a second process, shuts down on SIGTERM and keeps data", async () => {
    const first = await startServer();
    const admin = new Browser(first.baseUrl);
    await admin.signIn("admin@kent.example");
    const created = await admin.post("/admin/users/new", {
      displayName: "Kept Across Restarts",
      email: "kept@school.example",
      role: "council_officer",
      password: "a password that persists",
    });
    expect(created.location).toBe("/admin/users?created=1");

    const seed = run(["db/cli.ts", "seed"]);
    expect(await seed.exited).toBe(1);
    expect(seed.output()).toContain(`in use by process ${first.child.pid}`);
    const second = run(["server.ts"]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by process ${first.child.pid}`);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const migrate = run(["db/cli.ts", "migrate"]);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain("Nothing to do");

    const again = await startServer();
    await new Browser(again.baseUrl).signIn("admin@kent.example");
    const kept = new Browser(again.baseUrl);
    const reply = await kept.post("/login", { email: "kept@school.example", password: "a password that persists" });
    expect(reply.location).toBe("/home");

    // Killed outright, the holder cannot release the lock; the next start sees it is dead and takes over.
    again.child.kill("SIGKILL");
    await again.exited;
    const afterCrash = await startServer();
    expect((await new Browser(afterCrash.baseUrl).get("/health")).status).toBe(200);
    afterCrash.child.kill("SIGTERM");
    expect(await afterCrash.exited).toBe(0);
  }, 120_000);
});

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// `npm start`: builds when the build is missing or older than the source, then runs the server in production mode.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildEntry = path.join(root, "build/server/index.js");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function needsBuild() {
  if (!fs.existsSync(buildEntry)) return true;
  const built = fs.statSync(buildEntry).mtimeMs;
  const sources = [path.join(root, "app"), path.join(root, "public")].filter((d) => fs.existsSync(d));
  const configs = ["vite.config.ts", "package-lock.json"].map((f) => path.join(root, f)).filter((f) => fs.existsSync(f));
  return Math.max(...sources.map(newest), ...configs.map((f) => fs.statSync(f).mtimeMs)) > built;
}

if (needsBuild()) {
  console.log("Building the portal (first start, or the source has changed)...");
  const result = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "server.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" },
});
process.exit(server.status ?? 0);

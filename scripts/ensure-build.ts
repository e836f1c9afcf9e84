import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const buildEntry = path.join(root, "build/server/index.js");

function newest(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

/** Whether the build is missing or older than anything it is built from. */
export function buildIsStale(): boolean {
  if (!fs.existsSync(buildEntry)) return true;
  const built = fs.statSync(buildEntry).mtimeMs;
  const inputs = ["app", "public", "db/types.ts", "vite.config.ts", "package-lock.json"].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  return Math.max(...inputs.map(newest)) > built;
}

/** Builds the portal (client and server bundles) when the build is stale. */
export function ensureBuild(): void {
  if (!buildIsStale()) return;
  console.log("Building the portal (the build is missing or older than the source)...");
  const result = spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["remix", "vite:build"], {
    cwd: root,
    stdio: "inherit",
    // Always a production build, even when called from Vitest (which sets NODE_ENV=test).
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The build failed: see the messages above.");
}

import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";

/**
 * Only one process may open a PGlite data directory: two processes on one directory corrupt it silently
 * (STACK.md). Every process that opens it (the server, db:migrate, db:seed) takes this lock first, and a
 * second one is refused with a message naming the holder.
 */
export class DataDirLockedError extends Error {}

interface Holder {
  pid: number;
  command: string;
  since: string;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function lockDataDir(dataDir: string, command: string): Promise<() => Promise<void>> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const holderFile = path.join(dir, "portal.lock.json");
  const options = {
    lockfilePath: path.join(dir, "portal.lock"),
    stale: 15_000,
    update: 5_000,
    retries: 0,
    realpath: false,
    onCompromised: (error: Error) => {
      // The lock was taken from us (the machine slept past the stale time and another process took it).
      // Carrying on would risk the silent corruption the lock exists to prevent.
      console.error(`Lost the lock on ${dir}: ${error.message}. Stopping to protect the data.`);
      process.exit(75);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(fs.readFileSync(holderFile, "utf8")) as Holder;
    } catch {
      holder = undefined;
    }
    if (holder && holder.pid !== process.pid && !alive(holder.pid)) {
      // The holder died without releasing (killed, power cut): its lock is safe to take over.
      fs.rmSync(options.lockfilePath, { recursive: true, force: true });
      release = await lockfile.lock(dir, options);
    } else {
      const who = holder ? `process ${holder.pid} (${holder.command}, since ${holder.since})` : "another process";
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by ${who}. Only one process may open it at a time: ` +
          `stop that process first (for db:migrate or db:seed, stop the portal).`,
      );
    }
  }
  const holder: Holder = { pid: process.pid, command, since: new Date().toISOString() };
  fs.writeFileSync(holderFile, JSON.stringify(holder));
  return async () => {
    fs.rmSync(holderFile, { force: true });
    await release();
  };
}

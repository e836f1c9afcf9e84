/**
 * Work a request starts and does not wait for (ADR 65): a GIAS extract's dry run, read after its upload has been
 * answered so the admin who sent it watches its progress. Each piece of work gets an AbortSignal; server.ts aborts
 * them all when the portal is told to stop and waits for each to record that it stopped, before the database closes.
 *
 * The registry lives on globalThis under a registered symbol: the Remix build and server.ts each load their own copy
 * of this module, and both must see the same work.
 */

interface Running {
  name: string;
  controller: AbortController;
  done: Promise<void>;
}

const KEY = Symbol.for("kent-send-portal.background-work");

function registry(): Set<Running> {
  const holder = globalThis as { [KEY]?: Set<Running> };
  holder[KEY] ??= new Set();
  return holder[KEY];
}

/**
 * Starts `work` without waiting for it. A failure it does not handle itself is written to stderr with its name:
 * nothing is waiting to be told.
 */
export function runInBackground(name: string, work: (signal: AbortSignal) => Promise<void>): void {
  const controller = new AbortController();
  const running: Running = { name, controller, done: Promise.resolve() };
  running.done = Promise.resolve()
    .then(() => work(controller.signal))
    .catch((error: unknown) => {
      console.error(`background work "${name}" failed`, error);
    })
    .finally(() => registry().delete(running));
  registry().add(running);
}

/** Asks every piece of work to stop, and waits until each has (for the portal's shutdown). */
export async function stopBackgroundWork(): Promise<void> {
  const all = [...registry()];
  for (const running of all) running.controller.abort();
  await Promise.all(all.map((r) => r.done));
}

/** Waits for the work running now to end by itself (tests, benchmarks). */
export async function backgroundWorkSettled(): Promise<void> {
  await Promise.all([...registry()].map((r) => r.done));
}

import cliProgress from "cli-progress";
import type { Progress } from "./scale.ts";

/**
 * The scale seed's progress as a bar (cli-progress): the step under way, its rows done of its total, and its
 * share in words. On a terminal the bar redraws in place; piped into a log (CI) it prints a line every few
 * seconds instead, so the log shows it moving without thousands of lines.
 */
export function scaleProgressBar(): Progress & { stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: "{step}: [{bar}] {percentage}% done, {value} of {total} rows, {duration_formatted} so far",
      barsize: 30,
      hideCursor: true,
      noTTYOutput: !process.stdout.isTTY,
      notTTYSchedule: 5_000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    step(name, total) {
      if (started) bar.stop();
      bar.start(Math.max(1, total), 0, { step: name });
      started = true;
    },
    tick(n) {
      bar.increment(n);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

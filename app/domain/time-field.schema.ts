import { z } from "zod";
import { readTime } from "./london-time.ts";

/**
 * A time of day as people type it ("9:30", "2pm", "12 noon"), read by `readTime` into "HH:MM" on the 24-hour
 * clock; anything else is refused naming the field ("Enter the start time as a time like 09:30 or 2:30pm").
 * Client-safe: the forms of training events, LIFT meetings and specialist teachers' slots share it.
 */
export function timeField(what: string) {
  const message = `Enter ${what} as a time like 09:30 or 2:30pm`;
  return z
    .string({ error: message })
    .trim()
    .max(20, message)
    .transform((value, ctx) => {
      const time = readTime(value);
      if (time === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return time;
    });
}

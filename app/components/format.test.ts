import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTime } from "./format.ts";

describe("times shown to people (Europe/London, 12-hour clock)", () => {
  it.each([
    // Just after midnight and just after noon: a 0-11 clock would say "0:18 am" and "0:05 pm".
    ["2026-11-30T00:18:00Z", "12:18 am"],
    ["2026-11-30T12:05:00Z", "12:05 pm"],
    ["2026-11-30T17:04:00Z", "5:04 pm"],
    // British Summer Time: 23:30 UTC is 00:30 in London.
    ["2026-06-30T23:30:00Z", "12:30 am"],
  ])("%s is %s", (utc, shown) => {
    expect(formatTime(utc)).toBe(shown);
  });

  it("writes a date and time as '30 November 2026 at 12:05 pm'", () => {
    expect(formatDateTime("2026-11-30T12:05:00Z")).toBe("30 November 2026 at 12:05 pm");
    expect(formatDateTime("2026-11-30T00:18:00Z")).toBe("30 November 2026 at 12:18 am");
  });

  it("writes a calendar date without moving it across midnight", () => {
    expect(formatDate("2026-09-01")).toBe("1 September 2026");
  });
});

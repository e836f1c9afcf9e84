import { describe, expect, it } from "vitest";
import { addWorkingDays, dueSoonLimit, isWorkingDay, serviceLevel, workingDaysBetween } from "./service-level.ts";

// England and Wales bank holidays of spring 2026 and Christmas 2026-27, as the bank_holidays table holds them.
const HOLIDAYS = new Set(["2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-12-25", "2026-12-28", "2027-01-01"]);
const NONE = new Set<string>();

describe("working days", () => {
  it("skips Saturdays and Sundays", () => {
    expect(isWorkingDay("2026-12-05", NONE)).toBe(false); // Saturday
    expect(isWorkingDay("2026-12-06", NONE)).toBe(false); // Sunday
    expect(isWorkingDay("2026-12-07", NONE)).toBe(true);
    // Friday 4 December 2026 plus one working day is Monday 7 December.
    expect(addWorkingDays("2026-12-04", 1, NONE)).toBe("2026-12-07");
    expect(addWorkingDays("2026-12-07", 20, NONE)).toBe("2027-01-04");
  });

  it("skips bank holidays, substitute days included", () => {
    expect(isWorkingDay("2026-12-28", HOLIDAYS)).toBe(false);
    // Thursday 24 December 2026: Christmas Day (Fri), the weekend, Boxing Day's substitute (Mon 28): day 1 is Tue 29.
    expect(addWorkingDays("2026-12-24", 1, HOLIDAYS)).toBe("2026-12-29");
    // 20 working days from 7 December 2026 over Christmas and New Year's Day.
    expect(addWorkingDays("2026-12-07", 20, HOLIDAYS)).toBe("2027-01-07");
  });

  it("counts from the first working day after the submission, over Easter", () => {
    // Signed off on Good Friday 2026: day 1 is Tuesday 7 April, day 20 Tuesday 5 May (after the early May holiday).
    expect(addWorkingDays("2026-04-03", 1, HOLIDAYS)).toBe("2026-04-07");
    expect(addWorkingDays("2026-04-03", 20, HOLIDAYS)).toBe("2026-05-05");
    // Signed off on a Sunday: the same as from the Saturday or the Friday before.
    expect(addWorkingDays("2026-11-29", 20, HOLIDAYS)).toBe(addWorkingDays("2026-11-27", 20, HOLIDAYS));
  });

  it("counts working days between two dates as the inverse of adding them", () => {
    for (const [from, n] of [["2026-04-03", 20], ["2026-12-18", 15], ["2026-05-22", 3]] as const) {
      expect(workingDaysBetween(from, addWorkingDays(from, n, HOLIDAYS), HOLIDAYS)).toBe(n);
    }
    expect(workingDaysBetween("2026-12-10", "2026-12-01", HOLIDAYS)).toBe(0);
    expect(addWorkingDays("2026-06-10", 0, HOLIDAYS)).toBe("2026-06-10");
  });

  it("refuses a day count or a date that is not one", () => {
    expect(() => addWorkingDays("2026-06-10", -1, HOLIDAYS)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-06-10", 1.5, HOLIDAYS)).toThrow(RangeError);
    expect(() => addWorkingDays("not a date", 1, HOLIDAYS)).toThrow(RangeError);
  });
});

describe("service level", () => {
  const today = "2026-12-07";
  const soon = dueSoonLimit(today, HOLIDAYS);
  it("is due soon up to five working days ahead", () => {
    expect(soon).toBe("2026-12-14");
    expect(serviceLevel({ dueOn: "2026-12-14", waiting: true, decidedOn: null }, today, soon)).toBe("due_soon");
    expect(serviceLevel({ dueOn: today, waiting: true, decidedOn: null }, today, soon)).toBe("due_soon");
    expect(serviceLevel({ dueOn: "2026-12-15", waiting: true, decidedOn: null }, today, soon)).toBe("on_time");
  });
  it("is overdue from the day after its due date while it waits for the council", () => {
    expect(serviceLevel({ dueOn: "2026-12-04", waiting: true, decidedOn: null }, today, soon)).toBe("overdue");
    // With the school (more information asked) or withdrawn: no clock.
    expect(serviceLevel({ dueOn: "2026-12-04", waiting: false, decidedOn: null }, today, soon)).toBeNull();
    expect(serviceLevel({ dueOn: null, waiting: true, decidedOn: null }, today, soon)).toBeNull();
  });
  it("says whether a decided request was decided by its due date", () => {
    expect(serviceLevel({ dueOn: "2026-12-04", waiting: false, decidedOn: "2026-12-04" }, today, soon)).toBe("decided_on_time");
    expect(serviceLevel({ dueOn: "2026-12-04", waiting: false, decidedOn: "2026-12-05" }, today, soon)).toBe("decided_late");
  });
});

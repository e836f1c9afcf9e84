import { describe, expect, it } from "vitest";
import { monthlyPayments } from "./tracker.server.ts";

describe("monthlyPayments", () => {
  it.each([
    [1_000_000, 7, 142_857, 142_858],
    [500_000, 3, 166_666, 166_668],
    [900_000, 12, 75_000, 75_000],
    [100_000, 1, 100_000, 100_000],
    [5, 12, 0, 5],
  ])("%i pence over %i months: %i a month, %i in the last", (amount, months, monthly, last) => {
    const paid = monthlyPayments(amount, months);
    expect(paid).toEqual({ monthlyPence: monthly, lastMonthPence: last });
    // The payments add up to the award, to the penny.
    expect(paid.monthlyPence * (months - 1) + paid.lastMonthPence).toBe(amount);
  });
});

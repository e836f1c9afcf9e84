import { describe, expect, it } from "vitest";
import { isoToDateParts, readDateParts } from "./date-parts.ts";

describe("the GOV.UK date input's reader", () => {
  const read = (day: string, month: string, year: string, required = true) => readDateParts({ day, month, year }, "start date", { required });

  it("reads a real date in UK order, so 01/09/2026 is the first of September", () => {
    expect(read("01", "09", "2026")).toEqual({ ok: true, iso: "2026-09-01" });
    expect(read(" 1 ", "9", "2026")).toEqual({ ok: true, iso: "2026-09-01" });
    expect(read("29", "2", "2028")).toEqual({ ok: true, iso: "2028-02-29" });
  });

  it("says which part is missing, in the Design System's words", () => {
    expect(read("", "", "")).toEqual({ ok: false, message: "Enter start date", parts: ["day", "month", "year"] });
    expect(read("", "", "", false)).toEqual({ ok: true, iso: null });
    expect(read("1", "", "2026")).toMatchObject({ ok: false, message: "Start date must include a month", parts: ["month"] });
    expect(read("", "", "2026")).toMatchObject({ message: "Start date must include a day and month", parts: ["day", "month"] });
  });

  it("refuses dates that do not exist and years that are not four numbers", () => {
    expect(read("31", "2", "2026")).toMatchObject({ ok: false, message: "Start date must be a real date", parts: ["day"] });
    expect(read("29", "2", "2026")).toMatchObject({ message: "Start date must be a real date" });
    expect(read("1", "13", "2026")).toMatchObject({ message: "Start date must be a real date", parts: ["month"] });
    expect(read("1", "x", "2026")).toMatchObject({ message: "Start date must be a real date", parts: ["month"] });
    expect(read("1", "9", "26")).toMatchObject({ message: "Year must include 4 numbers", parts: ["year"] });
    expect(read("1", "9", "2147483648")).toMatchObject({ message: "Year must include 4 numbers" });
  });

  it("shows a stored date back in its three boxes", () => {
    expect(isoToDateParts("2026-09-01")).toEqual({ day: "1", month: "9", year: "2026" });
    expect(isoToDateParts(null)).toEqual({});
  });
});

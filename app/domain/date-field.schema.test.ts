import { describe, expect, it } from "vitest";
import { dateField, readDateField } from "./date-field.schema.ts";

const required = { required: true, missing: "Enter the pupil's date of birth" };

describe("a date field from the GOV.UK date input", () => {
  it("reads the three boxes in UK order", () => {
    expect(readDateField({ day: "4", month: "3", year: "2016" }, "date of birth", required)).toEqual({ ok: true, iso: "2016-03-04" });
  });

  it("says which box is missing, in the Design System's words", () => {
    expect(readDateField({ day: "4", month: "", year: "2016" }, "date of birth", required)).toEqual({
      ok: false,
      message: "Date of birth must include a month",
      parts: ["month"],
    });
    expect(readDateField({ day: "", month: "", year: "2016" }, "date left", required)).toMatchObject({ message: "Date left must include a day and month" });
    expect(readDateField({ day: "30", month: "2", year: "2016" }, "date of birth", required)).toMatchObject({ message: "Date of birth must be a real date", parts: ["day"] });
    expect(readDateField({ day: "1", month: "13", year: "2016" }, "date of birth", required)).toMatchObject({ parts: ["month"] });
    expect(readDateField({ day: "1", month: "2", year: "16" }, "date of birth", required)).toMatchObject({ message: "Year must include 4 numbers" });
  });

  it("uses the form's own message when every box is empty and the date is required, and nothing when optional", () => {
    expect(readDateField({ day: " ", month: "", year: "" }, "date of birth", required)).toMatchObject({ message: "Enter the pupil's date of birth" });
    expect(readDateField(undefined, "date of birth", required)).toMatchObject({ ok: false });
    expect(readDateField(undefined, "date added", { required: false, missing: "" })).toEqual({ ok: true, iso: null });
  });

  it("reads a whole date sent in one piece or pasted into the Day box", () => {
    expect(readDateField("2016-03-04", "date of birth", required)).toEqual({ ok: true, iso: "2016-03-04" });
    expect(readDateField({ day: "04/03/2016" }, "date of birth", required)).toEqual({ ok: true, iso: "2016-03-04" });
    expect(readDateField("2016-02-30", "date of birth", required)).toMatchObject({ message: "Date of birth must be a real date", parts: ["day"] });
    expect(readDateField({ day: "4/3/2016", month: "3", year: "" }, "date of birth", required)).toMatchObject({ ok: false });
  });

  it("as a zod field: the ISO date, or an issue on the field itself", () => {
    const field = dateField("date of birth", "Enter the pupil's date of birth");
    expect(field.parse({ day: "14", month: "3", year: "2019" })).toBe("2019-03-14");
    const refused = field.safeParse({ day: "14", year: "2019" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([expect.objectContaining({ path: [], message: "Date of birth must include a month" })]);
    expect(dateField("date added", "", { optional: true }).parse(undefined)).toBeUndefined();
  });
});

describe("a date field in an object", () => {
  it("is read when its key is missing altogether", async () => {
    const { z } = await import("zod");
    const schema = z.object({ a: dateField("date added", "", { optional: true }), b: dateField("date of birth", "Enter the date of birth") });
    const result = schema.safeParse({});
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["b"], message: "Enter the date of birth" })]);
    expect(schema.parse({ b: "2019-03-14" })).toEqual({ a: undefined, b: "2019-03-14" });
  });
});

import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "./csv.server.ts";

describe("neutraliseCell", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")"],
    ["+44 1622 000000", "'+44 1622 000000"],
    ["-2+3", "'-2+3"],
    ["-Smith", "'-Smith"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("quotes text that a spreadsheet would run: %j", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each([["Amelia Jones"], ["HNF-2026-00042"], ["O'Neill"], [" =1+1 starts with a space"], [""], ["2026-04-01"]])(
    "leaves ordinary text alone: %j",
    (input) => {
      expect(neutraliseCell(input)).toBe(input);
    },
  );

  it("leaves numbers alone, including negative figures written as text", () => {
    expect(neutraliseCell(-125050)).toBe(-125050);
    expect(neutraliseCell("-1250.50")).toBe("-1250.50");
    expect(neutraliseCell("1250")).toBe("1250");
    expect(neutraliseCell(null)).toBeNull();
  });
});

describe("toCsv", () => {
  it("writes a BOM, CRLF line ends, quotes where needed and neutralised cells", () => {
    const csv = toCsv(["kind", "pupil", "amount_gbp"], [["award", "=cmd|' /C calc'!A0", "-10.00"], ["award", "Smith, Jo", null]]);
    expect(csv).toBe("\ufeffkind,pupil,amount_gbp\r\naward,'=cmd|' /C calc'!A0,-10.00\r\naward,\"Smith, Jo\",\r\n");
  });
});

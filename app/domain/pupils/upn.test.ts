import { describe, expect, it } from "vitest";
import { CHECK_LETTERS, isValidUpn, makeUpn, normaliseUpn, upnCheckLetter, upnProblem } from "./upn.ts";

// Vectors worked by hand from the DfE rule (weights 2..13 on characters 2-13, sum mod 23):
// 886200124001: 8*2 + 8*3 + 6*4 + 2*5 + 0*6 + 0*7 + 1*8 + 2*9 + 4*10 + 0*11 + 0*12 + 1*13
//             = 16 + 24 + 24 + 10 + 0 + 0 + 8 + 18 + 40 + 0 + 0 + 13 = 153; 153 mod 23 = 15 -> R
// 999999999999: 9 * (2 + 3 + ... + 13) = 9 * 90 = 810; 810 mod 23 = 5 -> F
// 000000000000: 0 -> A
describe("UPN check letters", () => {
  it("works out the check letter from the 12 digits", () => {
    expect(upnCheckLetter("886200124001")).toBe("R");
    expect(upnCheckLetter("999999999999")).toBe("F");
    expect(upnCheckLetter("000000000000")).toBe("A");
    expect(makeUpn("886200124001")).toBe("R886200124001");
  });

  it("never uses I, O or S, and maps remainders 0..22 in order", () => {
    expect(CHECK_LETTERS).toHaveLength(23);
    expect(CHECK_LETTERS).not.toMatch(/[IOS]/);
    // 000000000001 gives 1 * 13 = 13 -> P (the 14th letter once I and O are skipped).
    expect(upnCheckLetter("000000000001")).toBe("P");
    // 000000000010 gives 1 * 12 = 12 -> N.
    expect(upnCheckLetter("000000000010")).toBe("N");
  });

  it("accepts a valid UPN and refuses a wrong check letter", () => {
    expect(upnProblem("R886200124001")).toBeNull();
    expect(isValidUpn("R886200124001")).toBe(true);
    expect(upnProblem("A886200124001")).toBe("check-letter");
    expect(upnProblem("S886200124001")).toBe("check-letter");
    // One digit changed: the letter no longer matches.
    expect(upnProblem("R886200124002")).toBe("check-letter");
  });

  it("refuses the wrong length, a missing letter and a temporary UPN (letter last)", () => {
    expect(upnProblem("R88620012400")).toBe("format");
    expect(upnProblem("R8862001240011")).toBe("format");
    expect(upnProblem("8862001240011")).toBe("format");
    expect(upnProblem("R88620012400A")).toBe("format");
    expect(upnProblem("")).toBe("format");
  });

  it("normalises lowercase and spaces before checking", () => {
    expect(normaliseUpn(" r886 2001 24001 ")).toBe("R886200124001");
    expect(upnProblem(normaliseUpn("r886200124001"))).toBeNull();
    // Not normalised, lowercase is a format problem: callers normalise first.
    expect(upnProblem("r886200124001")).toBe("format");
  });

  it("refuses to work out a letter from anything but 12 digits", () => {
    expect(() => upnCheckLetter("12345")).toThrow();
  });
});

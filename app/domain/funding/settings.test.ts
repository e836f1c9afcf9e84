import { describe, expect, it } from "vitest";
import { checklistProblems } from "./settings.schema.ts";
import { checklistWithKeys, slugKey } from "./settings.server.ts";

describe("slugKey", () => {
  it.each([
    ["LIFT advice has been sought", "lift-advice-has-been-sought"],
    ["Parents' views — recorded", "parents-views-recorded"],
    ["Élève à temps plein", "eleve-a-temps-plein"],
    ["Needs have been identified with external professionals, such as STLS", "needs-have-been-identified-with-external"],
    ["Supercalifragilisticexpialidocious-and-then-some-more-letters", "supercalifragilisticexpialidocious-and"],
    ["Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"],
    ["!!!", "item"],
  ])("%j -> %j", (label, key) => {
    expect(slugKey(label)).toBe(key);
  });
});

describe("checklistWithKeys", () => {
  const existing = [
    { key: "full-time", label: "The pupil is on roll full time" },
    { key: "own-resources", label: "The school's own resources have been used first" },
  ];

  it("keeps the key of an unchanged label wherever it moves, and never reuses an old key for new wording", () => {
    expect(checklistWithKeys(["The school's own resources have been used first", "Full time", "Full-time", "The pupil is on roll full-time"], existing)).toEqual([
      { key: "own-resources", label: "The school's own resources have been used first" },
      { key: "full-time-2", label: "Full time" },
      { key: "full-time-3", label: "Full-time" },
      { key: "the-pupil-is-on-roll-full-time", label: "The pupil is on roll full-time" },
    ]);
  });
});

describe("checklistProblems", () => {
  it("ignores blank lines around the list, and names each blank, repeated or missing line", () => {
    expect(checklistProblems("\r\n  One\r\nTwo\r\n\r\n")).toEqual([]);
    expect(checklistProblems("One\n \nTwo\nONE")).toEqual([
      "Line 2 of the evidence checklist is empty: write an item on it or remove it",
      "Line 4 of the evidence checklist repeats line 1: each item must be different",
    ]);
    expect(checklistProblems("\n \n")).toEqual(["Enter at least one item of evidence, one per line"]);
  });
});

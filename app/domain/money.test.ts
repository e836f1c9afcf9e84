import { describe, expect, it } from "vitest";
import { parsePounds, penceToInput } from "./money.ts";

describe("money shown back in a form", () => {
  it("writes a saved amount as people write it, with commas, and reads it back to the same pence", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [5_00, "5"],
      [600_000, "6,000"],
      [1_250_050, "12,500.50"],
      [20_000_000, "200,000"],
      [10_000_000_000, "100,000,000"],
      [99, "0.99"],
    ];
    for (const [pence, text] of cases) {
      expect(penceToInput(pence)).toBe(text);
      expect(parsePounds(text)).toBe(pence);
    }
    expect(penceToInput(null)).toBe("");
  });
});

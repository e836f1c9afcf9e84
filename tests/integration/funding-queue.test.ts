import { describe, expect, it } from "vitest";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Issue 14: the officer's queue says how long a request has waited only while it still waits for the council;
// a decided request shows when it was decided instead.

const t = seededApp();

/** The queue's rows as text, one per request reference. */
function rowsOf(html: string): string[] {
  return [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => mainText(m[1]!)).filter((row) => /\b[A-Z]{2,6}-\d{4}-\d{5,}\b/.test(row));
}

describe("the council's funding queue", () => {
  it("shows waiting days for requests still waiting and the decision's date for decided ones", async () => {
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn("officer@kent.example");
    const waiting = await officer.get("/funding");
    expect(waiting.status).toBe(200);
    const waitingRows = rowsOf(waiting.text);
    expect(waitingRows.length).toBeGreaterThan(0);
    for (const row of waitingRows) expect(row).toMatch(/\b\d+ days?\b/);

    const decided = await officer.get("/funding?status=approved");
    const decidedRows = rowsOf(decided.text);
    expect(decidedRows.length).toBeGreaterThan(0);
    for (const row of decidedRows) {
      expect(row).toMatch(/Decided \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2} [ap]m/);
      expect(row).not.toMatch(/\b\d+ days?\b/);
    }

    // Every other state the council sees (withdrawn, more information needed): neither.
    const any = rowsOf((await officer.get("/funding?status=any")).text);
    for (const row of any) {
      if (/Withdrawn|More information needed/.test(row)) {
        expect(row).not.toMatch(/\b\d+ days?\b/);
        expect(row).not.toContain("Decided ");
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { Browser, seededApp } from "../setup/app.ts";

// Issue 14: money shows with £ and commas when a saved value comes back to a form.

const t = seededApp();

describe("saved amounts in forms", () => {
  it("shows a scheme's saved contribution as 6,000 after a £ prefix (the money reader takes that back as the same pence: money.test.ts)", async () => {
    const officer = new Browser(t.app.baseUrl);
    await officer.signIn("officer@kent.example");
    const scheme = await t.database.db.selectFrom("funding_schemes").select(["id", "school_contribution_pence"]).where("code", "=", "HNF").executeTakeFirstOrThrow();
    expect(scheme.school_contribution_pence).toBe(600_000);
    const page = await officer.get(`/council/funding-settings/schemes/${scheme.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<span aria-hidden="true"[^>]*>£<\/span><input[^>]*value="6,000"/);
  });
});

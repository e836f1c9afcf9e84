import { describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { OAKFIELD, requestOf } from "../setup/inventory.ts";

// "Error: " in the title of a page whose form was refused, as the server draws it (JavaScript off; ADR 25).
// The browser's side (a form refused by fetch, then put right) is in tests/e2e/page-title.spec.ts.
const t = seededApp();

describe("the page title of a refused form", () => {
  it("starts 'Error: ' when one of a page's several forms is refused, and not on the page itself", async () => {
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@oakfield.example");
    const reference = await requestOf(t.database, OAKFIELD, "awaiting_headteacher");
    const row = await t.database.db.selectFrom("funding_requests").select("version").where("reference", "=", reference).executeTakeFirstOrThrow();
    // The sign-off page (issue 8) has two forms: the declaration and the return to the SENCO.
    const page = await head.get(`/funding/${reference}/sign-off`);
    expect(title(page.text)).toBe(`Sign off ${reference} - Kent SEND Inclusion Portal`);
    const refused = await head.post(`/funding/${reference}/sign-off`, { intent: "return", version: String(row.version), comment: " " });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("Say what needs to change");
    expect(title(refused.text)).toBe(`Error: Sign off ${reference} - Kent SEND Inclusion Portal`);
  });

  it("says 'Error: ' once on a page whose own title says so (the audit log's filter)", async () => {
    const admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
    const page = await admin.get("/admin/audit?from.day=31&from.month=2&from.year=2026");
    expect(title(page.text)).toBe("Error: Audit log - Kent SEND Inclusion Portal");
  });
});

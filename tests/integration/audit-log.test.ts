import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { requestOf } from "../setup/inventory.ts";

// Issue 14: the admin's audit log reads in words (who, their role, what, on which record), filterable by
// person, action, record and date, and paged with every filter kept.

const t = seededApp();
let admin: Browser;

/** The log's rows and caption as text, without the filter's lists of actions. */
async function logText(pathname: string) {
  const html = (await admin.get(pathname)).text;
  return mainText(/<table[\s\S]*<\/table>/.exec(html)?.[0] ?? mainText(html).replace(/^[\s\S]*Clear filters/, ""));
}
let pupilId: number;
let reference: string;

beforeAll(async () => {
  admin = new Browser(t.app.baseUrl);
  await admin.signIn("admin@kent.example");
  const senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  pupilId = (await t.database.db.selectFrom("pupils").select("id").where("last_name", "=", "Hart").executeTakeFirstOrThrow()).id;
  await senco.get(`/pupils/${pupilId}`);
  reference = await requestOf(t.database, "990001", "submitted");
  await senco.get(`/funding/${reference}`);
  // Enough events by one person for several pages.
  for (let i = 0; i < 60; i++) await t.database.db.insertInto("audit_events").values({ action: "auth.sign_in_failed", subject_type: "sign_in", request_id: `req-${i}` }).execute();
});

describe("the audit log", () => {
  it("says who did what, as which role, on which record, in words, and names no child", async () => {
    expect((await admin.get("/admin/audit?person=priya")).status).toBe(200);
    const text = await logText("/admin/audit?person=priya");
    expect(text).toContain("Priya Shah (SENCO, school 990001)");
    expect(text).toContain("Viewed a pupil's record");
    expect(text).toContain(`Pupil record ${pupilId}`);
    expect(text).toContain(`Funding request ${reference}`);
    expect(text).toContain("Signed in");
    expect(text).not.toContain("Amelia");
    expect(text).not.toContain("Hart");
  });

  it("filters by person, action, record and date", async () => {
    const byAction = await logText("/admin/audit?action=pupil.view");
    expect(byAction).toContain("Viewed a pupil's record");
    expect(byAction).not.toContain("Signed in");
    const byRecord = await logText(`/admin/audit?subject=${reference}`);
    expect(byRecord).toContain(`Funding request ${reference}`);
    expect(byRecord).not.toContain("Pupil record");
    const nobody = await logText("/admin/audit?person=no-such-person");
    expect(nobody).toContain("No events match the filter.");
    const future = await logText("/admin/audit?from.day=1&from.month=1&from.year=2099");
    expect(future).toContain("No events match the filter.");
    const today = new Date();
    const todays = await logText(`/admin/audit?person=priya&from.day=${today.getUTCDate()}&from.month=${today.getUTCMonth() + 1}&from.year=${today.getUTCFullYear()}`);
    expect(todays).toContain("Viewed a pupil's record");
  });

  it("says what is wrong with a date that does not exist, in the Design System's words, and keeps it", async () => {
    const page = await admin.get("/admin/audit?from.day=31&from.month=2&from.year=2026&to.day=1&to.year=2026");
    expect(page.status).toBe(200);
    expect(title(page.text)).toMatch(/^Error: Audit log/);
    expect(page.text).toContain('href="#audit-from"');
    expect(mainText(page.text)).toContain("The date from must be a real date");
    expect(mainText(page.text)).toContain("The date to must include a month");
    expect(page.text).toMatch(/name="from.day"[^>]*value="31"|value="31"[^>]*name="from.day"/);
  });

  it("pages the log with numbered links that keep every filter", async () => {
    const first = await admin.get("/admin/audit?action=auth.sign_in_failed");
    const text = mainText(first.text);
    expect(text).toMatch(/60 events, newest first, page 1 of 2/);
    expect(first.text).toContain('href="/admin/audit?action=auth.sign_in_failed&amp;page=2"');
    const second = await logText("/admin/audit?action=auth.sign_in_failed&page=2");
    expect(second).toContain("page 2 of 2");
    expect(second).toContain("Sign-in refused");
    expect(second).not.toContain("Viewed a pupil's record");
  });
});

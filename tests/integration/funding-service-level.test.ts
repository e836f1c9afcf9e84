import { beforeAll, describe, expect, it } from "vitest";
import { bankHolidays } from "../../app/domain/funding/casework/areas.server.ts";
import { addWorkingDays } from "../../app/domain/funding/casework/service-level.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { OAKFIELD, requestOf } from "../setup/inventory.ts";

// A scheme's service level (issue 8, ADR 30) on the funding settings' scheme form: "Target working days to
// decide", beside "Reviews a year". A request's due date is set when the headteacher signs it off, so a change
// applies to requests sent after it; those already sent keep theirs.

const t = seededApp();
let officer: Browser;

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
});

const db = () => t.database.db;
const scheme = (code: string) => db().selectFrom("funding_schemes").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const schemePath = async (code: string) => `/council/funding-settings/schemes/${(await scheme(code)).id}`;

/** The edit form as the page sends it for the scheme as it is now, with `changes` on top. */
async function schemeForm(code: string, changes: Record<string, string> = {}) {
  const s = await scheme(code);
  return {
    version: String(s.version),
    name: s.name,
    description: s.description,
    requiresPupil: s.requires_pupil ? "yes" : "no",
    pupilRule: s.pupil_rule,
    contributionApplies: s.school_contribution_applies ? "yes" : "no",
    contribution: String(s.school_contribution_pence / 100),
    reviewsPerYear: String(s.reviews_per_year),
    targetWorkingDays: String(s.target_working_days),
    checklist: (s.evidence_checklist as { label: string }[]).map((i) => i.label).join("\n"),
    active: s.active ? "yes" : "no",
    ...changes,
  };
}

describe("a scheme's target working days to decide", () => {
  it("is shown on the settings list, the scheme's page and its form, saying requests already sent keep their due date", async () => {
    expect(mainText((await officer.get("/council/funding-settings")).text)).toContain("Target to decide");
    const page = await officer.get(await schemePath("HNF"));
    expect(page.text).toMatch(/name="targetWorkingDays"[^>]*value="20"/);
    const text = mainText(page.text);
    expect(text).toContain("Target to decide 20 working days");
    expect(text).toContain("Target working days to decide");
    expect(text).toContain("requests already sent keep theirs: a change applies to requests sent from now on");
  });

  it("refuses anything but a whole number from 1 to 100, keeping what was typed and saving nothing", async () => {
    const path = await schemePath("EHC");
    const before = await scheme("EHC");
    // An emptied box is refused too, not read as "keep the target the scheme has".
    for (const bad of ["", "0", "101", "2.5", "-3", "twenty", "1e2", "0x10", " 7 7"]) {
      const reply = await officer.post(path, await schemeForm("EHC", { targetWorkingDays: bad }));
      expect(reply.status, bad).toBe(400);
      expect(title(reply.text)).toMatch(/^Error: /);
      expect(mainText(reply.text)).toContain("Enter the target to decide as a whole number of working days from 1 to 100");
      expect(reply.text).toMatch(/href="#[^"]*-targetWorkingDays"/);
      if (bad) expect(reply.text).toContain(`value="${bad}"`);
    }
    expect(await scheme("EHC")).toEqual(before);
  });

  it("saves a new target, audited, shown on the list", async () => {
    const path = await schemePath("SIS");
    const reply = await officer.post(path, await schemeForm("SIS", { targetWorkingDays: "1" }));
    expect(reply.status).toBe(302);
    expect((await scheme("SIS")).target_working_days).toBe(1);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "funding_scheme.update").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ code: "SIS", targetWorkingDays: 1 });
    expect(mainText((await officer.get("/council/funding-settings")).text)).toContain("No Does not apply 1 working day 3 Active");
    expect((await officer.post(path, await schemeForm("SIS", { targetWorkingDays: "100" }))).status).toBe(302);
    expect((await scheme("SIS")).target_working_days).toBe(100);
  });

  it("sets the due date of requests signed off after the change; a request already sent keeps its due date", async () => {
    const reference = await requestOf(t.database, OAKFIELD, "awaiting_headteacher");
    const waiting = await db().selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
    const code = (await db().selectFrom("funding_schemes").select("code").where("id", "=", waiting.scheme_id).executeTakeFirstOrThrow()).code;
    const sent = await db().selectFrom("funding_requests").selectAll().where("scheme_id", "=", waiting.scheme_id).where("status", "=", "submitted").where("due_on", "is not", null).executeTakeFirstOrThrow();

    const changed = await officer.post(await schemePath(code), await schemeForm(code, { targetWorkingDays: "7" }));
    expect(changed.status).toBe(302);

    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@oakfield.example");
    const signed = await head.post(`/funding/${reference}/sign-off`, { intent: "sign_off", declaration: "confirmed", version: String(waiting.version), comment: "" });
    expect(signed.status).toBe(302);
    const after = await db().selectFrom("funding_requests").select("due_on").where("id", "=", waiting.id).executeTakeFirstOrThrow();
    expect(after.due_on).toBe(addWorkingDays(londonToday(), 7, await bankHolidays(db())));
    const unchanged = await db().selectFrom("funding_requests").select("due_on").where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect(unchanged.due_on).toBe(sent.due_on);
  });

  it("is asked for a new scheme too: the form starts at 20 working days, and an emptied box is refused", async () => {
    const base = {
      requiresPupil: "yes",
      contributionApplies: "no",
      contribution: "",
      reviewsPerYear: "3",
      checklist: "The child attends a Kent early years setting\n",
    };
    const page = await officer.get("/council/funding-settings/schemes/new");
    expect(page.text).toMatch(/name="targetWorkingDays"[^>]*value="20"/);
    const bad = await officer.post("/council/funding-settings/schemes/new", { ...base, code: "EYA", name: "Early years A", targetWorkingDays: "365" });
    expect(bad.status).toBe(400);
    expect(mainText(bad.text)).toContain("Enter the target to decide as a whole number of working days from 1 to 100");
    expect((await officer.post("/council/funding-settings/schemes/new", { ...base, code: "EYA", name: "Early years A", targetWorkingDays: "15" })).status).toBe(302);
    expect((await scheme("EYA")).target_working_days).toBe(15);
    const emptied = await officer.post("/council/funding-settings/schemes/new", { ...base, code: "EYB", name: "Early years B", targetWorkingDays: "" });
    expect(emptied.status).toBe(400);
    expect(mainText(emptied.text)).toContain("Enter the target to decide as a whole number of working days from 1 to 100");
    expect(await db().selectFrom("funding_schemes").select("id").where("code", "=", "EYB").executeTakeFirst()).toBeUndefined();
  });

  it("tells a second officer whose form is out of date that the target changed, keeping the first one's", async () => {
    const path = await schemePath("EHC");
    const seen = await schemeForm("EHC");
    expect((await officer.post(path, { ...seen, targetWorkingDays: "30" })).status).toBe(302);
    const stale = await officer.post(path, { ...seen, targetWorkingDays: "10" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("it now differs from what you sent in: target working days to decide");
    expect(stale.text).toMatch(/name="targetWorkingDays"[^>]*value="10"/);
    expect((await scheme("EHC")).target_working_days).toBe(30);
  });

  it("is the council's alone: a SENCO or the admin sending the form gets a 404", async () => {
    const path = await schemePath("HNF");
    const before = (await scheme("HNF")).target_working_days;
    for (const email of ["senco@oakfield.example", "admin@kent.example"]) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(email);
      expect((await browser.post(path, await schemeForm("HNF", { targetWorkingDays: "1" }))).status).toBe(404);
    }
    expect((await scheme("HNF")).target_working_days).toBe(before);
  });
});

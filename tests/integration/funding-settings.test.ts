import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// The council's funding settings: schemes (with their rules and evidence checklists) and decision reasons.

const t = seededApp();
let officer: Browser;
let hnfId: number;

const HNF_NAME = "High Needs Funding (mainstream, no EHC plan)";

beforeAll(async () => {
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
  hnfId = (await t.database.db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id;
});

async function scheme(code: string) {
  return t.database.db.selectFrom("funding_schemes").selectAll().where("code", "=", code).executeTakeFirst();
}

async function reason(label: string) {
  return t.database.db.selectFrom("decision_reasons").selectAll().where("label", "=", label).executeTakeFirst();
}

async function audits(action: string) {
  return t.database.db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("id").execute();
}

type Checklist = { key: string; label: string }[];

/** The edit form as the page would send it for the scheme as it is now, with `changes` on top. */
async function schemeForm(code: string, changes: Record<string, string> = {}) {
  const s = (await scheme(code))!;
  return {
    version: String(s.version),
    name: s.name,
    description: s.description,
    requiresPupil: s.requires_pupil ? "yes" : "no",
    contributionApplies: s.school_contribution_applies ? "yes" : "no",
    contribution: String(s.school_contribution_pence / 100),
    reviewsPerYear: String(s.reviews_per_year),
    targetWorkingDays: String(s.target_working_days),
    checklist: (s.evidence_checklist as Checklist).map((i) => i.label).join("\n"),
    active: s.active ? "yes" : "no",
    ...changes,
  };
}

describe("the settings page", () => {
  it("lists the schemes with their rules and the decision reasons", async () => {
    const reply = await officer.get("/council/funding-settings");
    expect(reply.status).toBe(200);
    const text = mainText(reply.text);
    expect(text).toContain(`HNF ${HNF_NAME} Yes £6,000 a pupil 20 working days 8 Active`);
    expect(text).toContain("EHC EHC plan top-up Yes £6,000 a pupil 20 working days 4 Active");
    expect(text).toContain("SIS SEN inclusion support (school-level, no named pupil) No Does not apply 20 working days 3 Active");
    expect(text).toContain("Evidence of need is not sufficient Active");
    expect(reply.text).toContain(`href="/council/funding-settings/schemes/${hnfId}"`);
    expect(reply.text).toContain('href="/council/funding-settings/schemes/new"');
  });

  it.each(["head@oakfield.example", "senco@oakfield.example", "admin@kent.example"])("answers %s with 404 on every settings page and form", async (email) => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    const reasonId = (await reason("Evidence of need is not sufficient"))!.id;
    for (const path of [
      "/council/funding-settings",
      `/council/funding-settings/schemes/${hnfId}`,
      "/council/funding-settings/schemes/new",
      `/council/funding-settings/reasons/${reasonId}`,
    ]) {
      expect((await browser.get(path)).status, path).toBe(404);
    }
    const before = await scheme("HNF");
    const edit = await browser.post(`/council/funding-settings/schemes/${hnfId}`, await schemeForm("HNF", { name: "Taken over" }));
    expect(edit.status).toBe(404);
    expect(await scheme("HNF")).toEqual(before);
    const add = await browser.post("/council/funding-settings", { intent: "add-reason", label: "Sneaky reason" });
    expect(add.status).toBe(404);
    expect(await reason("Sneaky reason")).toBeUndefined();
  });

  it("answers 404 for a scheme or reason that does not exist", async () => {
    for (const path of [
      "/council/funding-settings/schemes/999999",
      "/council/funding-settings/schemes/1e3",
      "/council/funding-settings/schemes/abc",
      "/council/funding-settings/reasons/999999",
    ]) {
      expect((await officer.get(path)).status, path).toBe(404);
    }
  });
});

describe("changing a scheme", () => {
  it("saves the rules and keeps each unchanged checklist item's key, giving new and reworded items new keys", async () => {
    const before = (await scheme("HNF"))!;
    const old = before.evidence_checklist as Checklist;
    const labels = old.map((i) => i.label);
    const checklist = [
      labels[0], // unchanged
      labels[2], // unchanged, moved up
      "Needs have been identified with external professionals, such as STLS", // reworded (was line 3)
      labels[3],
      labels[4],
      labels[5],
      labels[6],
      "Full time", // new; its key would clash with the existing "full-time", which was removed
      "Parents' views have been recorded",
      // labels[1] and labels[7] removed
    ].join("\r\n");
    const reply = await officer.post(
      `/council/funding-settings/schemes/${hnfId}`,
      await schemeForm("HNF", { name: "High Needs Funding (mainstream)", contribution: "6,500", checklist: `${checklist}\r\n` }),
    );
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/council/funding-settings?done=scheme-updated");
    const after = (await scheme("HNF"))!;
    expect(after.name).toBe("High Needs Funding (mainstream)");
    expect(after.school_contribution_pence).toBe(650_000);
    expect(after.version).toBe(before.version + 1);
    expect(after.evidence_checklist).toEqual([
      { key: "complex-needs", label: labels[0] },
      { key: "external-professionals", label: labels[2] },
      { key: "needs-have-been-identified-with-external", label: "Needs have been identified with external professionals, such as STLS" },
      { key: "own-resources", label: labels[3] },
      { key: "personalised", label: labels[4] },
      { key: "lift-advice", label: labels[5] },
      { key: "lift-recommendations", label: labels[6] },
      { key: "full-time-2", label: "Full time" },
      { key: "parents-views-have-been-recorded", label: "Parents' views have been recorded" },
    ]);
    const page = mainText((await officer.get(reply.location!)).text);
    expect(page).toContain("The funding scheme has been changed.");
    expect(page).toContain("HNF High Needs Funding (mainstream) Yes £6,500 a pupil 20 working days 9 Active");
    const audit = (await audits("funding_scheme.update")).at(-1)!;
    expect(audit).toMatchObject({ subject_type: "funding_scheme", subject_id: String(hnfId), actor_role: "council_officer" });
    expect(audit.detail).toMatchObject({ code: "HNF", contributionPence: 650_000, version: before.version + 1 });
  });

  it("shows the checklist one item per line in the form", async () => {
    const reply = await officer.get(`/council/funding-settings/schemes/${hnfId}`);
    expect(title(reply.text)).toBe("High Needs Funding (mainstream) - Kent SEND Inclusion Portal");
    expect(reply.text).toMatch(/<textarea[^>]*name="checklist"[^>]*>The pupil has an EHC plan, or is on SEN support with severe and complex needs\n/);
  });

  it("refuses an empty line, a repeated line and a missing contribution, keeps what was typed and saves nothing", async () => {
    const before = await scheme("HNF");
    const checklist = "First item\n\nSecond item\nfirst item";
    const reply = await officer.post(
      `/council/funding-settings/schemes/${hnfId}`,
      await schemeForm("HNF", { name: "", contributionApplies: "yes", contribution: "", checklist }),
    );
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: /);
    const text = mainText(reply.text);
    expect(text).toContain("Enter the scheme's name");
    expect(text).toContain("Line 2 of the evidence checklist is empty: write an item on it or remove it");
    expect(text).toContain("Line 4 of the evidence checklist repeats line 1: each item must be different");
    expect(text).toContain("Enter the school contribution");
    expect(reply.text).toContain(`href="#scheme-${before!.version}-checklist"`);
    expect(reply.text).toContain("First item\n\nSecond item\nfirst item</textarea>");
    expect(await scheme("HNF")).toEqual(before);
  });

  it.each([
    [{ checklist: "  \n \n" }, "Enter at least one item of evidence, one per line"],
    [{ contribution: "-6000" }, "School contribution cannot be negative"],
    [{ contribution: "six thousand" }, "Enter the school contribution in pounds, like 6,000"],
    [{ contribution: "200,000.01" }, "School contribution must be £200,000 or less"],
    [{ requiresPupil: "no" }, "The school contribution is per pupil: it can apply only to a scheme whose requests name a pupil"],
    [{ name: "EHC plan top-up" }, "Another scheme already has this name: choose a different one"],
    [{ name: "ehc PLAN top-up" }, "Another scheme already has this name: choose a different one"],
    [{ active: "maybe" }, "Select whether schools can use the scheme for new requests"],
    [{ checklist: "x".repeat(301) }, "Line 1 of the evidence checklist must be 300 characters or fewer"],
    [{ checklist: Array.from({ length: 31 }, (_, i) => `Item ${i + 1}`).join("\n") }, "The evidence checklist can have at most 30 items"],
  ])("refuses %j", async (changes, message) => {
    const before = await scheme("HNF");
    const reply = await officer.post(`/council/funding-settings/schemes/${hnfId}`, await schemeForm("HNF", changes));
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain(message);
    expect(await scheme("HNF")).toEqual(before);
  });

  it("tells the second of two officers changing a scheme that it changed, and keeps the first one's change", async () => {
    const seen = await schemeForm("EHC");
    const first = await officer.post(`/council/funding-settings/schemes/${(await scheme("EHC"))!.id}`, { ...seen, description: "First officer's words" });
    expect(first.status).toBe(302);
    const second = await officer.post(`/council/funding-settings/schemes/${(await scheme("EHC"))!.id}`, { ...seen, description: "Second officer's words" });
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain("Someone else changed this record");
    expect(mainText(second.text)).toContain("Second officer's words");
    expect((await scheme("EHC"))!.description).toBe("First officer's words");
  });

  it("deactivates a scheme, which stays listed as deactivated, and reactivates it", async () => {
    const sis = (await scheme("SIS"))!;
    expect((await officer.post(`/council/funding-settings/schemes/${sis.id}`, await schemeForm("SIS", { active: "no", contribution: "" }))).status).toBe(302);
    expect((await scheme("SIS"))!.active).toBe(false);
    // No contribution typed and none applies: the amount the scheme had is kept.
    expect((await scheme("SIS"))!.school_contribution_pence).toBe(sis.school_contribution_pence);
    const text = mainText((await officer.get("/council/funding-settings")).text);
    expect(text).toContain("SIS SEN inclusion support (school-level, no named pupil) No Does not apply 20 working days 3 Deactivated");
    expect((await officer.post(`/council/funding-settings/schemes/${sis.id}`, await schemeForm("SIS", { active: "yes" }))).status).toBe(302);
    expect((await scheme("SIS"))!.active).toBe(true);
    const updates = await audits("funding_scheme.update");
    expect(updates.at(-2)!.detail).toMatchObject({ code: "SIS", active: false });
    expect(updates.at(-1)!.detail).toMatchObject({ code: "SIS", active: true });
  });
});

describe("a scheme's pupil rule", () => {
  it("is seeded for the three schemes: High Needs Funding for pupils on SEN support, the EHC top-up for pupils with a plan, SIS for any", async () => {
    expect((await scheme("HNF"))!.pupil_rule).toBe("sen_support");
    expect((await scheme("EHC"))!.pupil_rule).toBe("ehc_plan");
    expect((await scheme("SIS"))!.pupil_rule).toBe("any");
    await expect(t.database.db.updateTable("funding_schemes").set({ pupil_rule: "everyone" }).where("code", "=", "SIS").execute()).rejects.toThrow();
  });

  it("is shown and changed on the scheme form, refusing a rule that is not on the list or one for a scheme that names no pupil", async () => {
    const ehc = (await scheme("EHC"))!;
    const page = await officer.get(`/council/funding-settings/schemes/${ehc.id}`);
    expect(mainText(page.text)).toContain("Which pupils can a request name? Any pupil on the register Only pupils on SEN support (K) Only pupils with an EHC plan (E)");
    const checked = [...page.text.matchAll(/<input[^>]*name="pupilRule"[^>]*>/g)].filter((m) => m[0].includes('checked=""')).map((m) => /value="([^"]+)"/.exec(m[0])?.[1]);
    expect(checked).toEqual(["ehc_plan"]);

    const anyPupil = await officer.post(`/council/funding-settings/schemes/${ehc.id}`, await schemeForm("EHC", { pupilRule: "any" }));
    expect(anyPupil.status).toBe(302);
    expect((await scheme("EHC"))!.pupil_rule).toBe("any");
    expect((await audits("funding_scheme.update")).at(-1)!.detail).toMatchObject({ code: "EHC", pupilRule: "any" });
    expect((await officer.post(`/council/funding-settings/schemes/${ehc.id}`, await schemeForm("EHC", { pupilRule: "ehc_plan" }))).status).toBe(302);
    expect((await scheme("EHC"))!.pupil_rule).toBe("ehc_plan");

    const before = await scheme("EHC");
    const unknown = await officer.post(`/council/funding-settings/schemes/${ehc.id}`, await schemeForm("EHC", { pupilRule: "everyone" }));
    expect(unknown.status).toBe(400);
    expect(mainText(unknown.text)).toContain("Select which pupils a request can name");
    const sis = (await scheme("SIS"))!;
    const noPupil = await officer.post(`/council/funding-settings/schemes/${sis.id}`, await schemeForm("SIS", { pupilRule: "sen_support", contribution: "" }));
    expect(noPupil.status).toBe(400);
    expect(mainText(noPupil.text)).toContain("A pupil rule applies only to a scheme whose requests name a pupil: choose any pupil");
    expect(await scheme("EHC")).toEqual(before);
    expect((await scheme("SIS"))!.pupil_rule).toBe("any");
  });
});

describe("adding a scheme", () => {
  const SENIF = {
    code: "senif",
    name: "SEN inclusion fund (early years)",
    description: "For pre-school children without an EHC plan, up to 30 hours a week.",
    requiresPupil: "yes",
    contributionApplies: "no",
    contribution: "",
    reviewsPerYear: "3",
    targetWorkingDays: "20",
    checklist: "The child attends a Kent early years setting\nThe setting has used its own resources first\n",
  };

  it("adds a scheme, with its code in capitals and keys made from its checklist", async () => {
    const reply = await officer.post("/council/funding-settings/schemes/new", SENIF);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/council/funding-settings?done=scheme-created");
    const added = (await scheme("SENIF"))!;
    expect(added).toMatchObject({ name: SENIF.name, requires_pupil: true, school_contribution_applies: false, active: true, version: 1 });
    expect(added.evidence_checklist).toEqual([
      { key: "the-child-attends-a-kent-early-years", label: "The child attends a Kent early years setting" },
      { key: "the-setting-has-used-its-own-resources", label: "The setting has used its own resources first" },
    ]);
    const text = mainText((await officer.get(reply.location!)).text);
    expect(text).toContain("The funding scheme has been added.");
    expect(text).toContain(`SENIF ${SENIF.name} Yes Does not apply 20 working days 2 Active`);
    expect((await audits("funding_scheme.create")).at(-1)).toMatchObject({ subject_id: String(added.id), subject_type: "funding_scheme" });
  });

  it("adds a scheme with the pupil rule chosen, or any pupil when none is sent", async () => {
    const reply = await officer.post("/council/funding-settings/schemes/new", { ...SENIF, code: "EYEHC", name: "Early years EHC top-up", pupilRule: "ehc_plan" });
    expect(reply.status).toBe(302);
    expect((await scheme("EYEHC"))!.pupil_rule).toBe("ehc_plan");
    expect((await scheme("SENIF"))!.pupil_rule).toBe("any");
  });

  it("refuses a code or name another scheme has, and a code that is not 2 to 6 letters, by field", async () => {
    const count = async () => (await t.database.db.selectFrom("funding_schemes").select("id").execute()).length;
    const before = await count();
    const both = await officer.post("/council/funding-settings/schemes/new", { ...SENIF, code: "HNF", name: "ehc plan top-up" });
    expect(both.status).toBe(400);
    const text = mainText(both.text);
    expect(text).toContain("Another scheme already has this code: choose a different one");
    expect(text).toContain("Another scheme already has this name: choose a different one");
    expect(both.text).toContain('href="#new-scheme-code"');
    expect(both.text).toContain('href="#new-scheme-name"');
    expect(both.text).toContain('value="ehc plan top-up"');
    for (const code of ["H", "H1", "TOOLONGX", "", "HN F"]) {
      const reply = await officer.post("/council/funding-settings/schemes/new", { ...SENIF, code, name: `Scheme ${code}` });
      expect(reply.status, code).toBe(400);
      expect(mainText(reply.text), code).toContain("Enter a code of 2 to 6 letters, like HNF");
    }
    expect(await count()).toBe(before);
  });
});

describe("decision reasons", () => {
  const LABEL = "The pupil has moved to a special school";

  it("adds a reason, refusing an empty or repeated one", async () => {
    const reply = await officer.post("/council/funding-settings", { intent: "add-reason", label: `  ${LABEL} ` });
    expect(reply.location).toBe("/council/funding-settings?done=reason-added");
    const added = (await reason(LABEL))!;
    expect(added.active).toBe(true);
    expect(mainText((await officer.get(reply.location!)).text)).toContain(`${LABEL} Active`);
    expect((await audits("decision_reason.create")).at(-1)).toMatchObject({ subject_id: String(added.id), subject_type: "decision_reason" });

    const again = await officer.post("/council/funding-settings", { intent: "add-reason", label: LABEL.toUpperCase() });
    expect(again.status).toBe(400);
    expect(mainText(again.text)).toContain("There is already a reason with this wording");
    expect(again.text).toContain(`value="${LABEL.toUpperCase()}"`);
    const empty = await officer.post("/council/funding-settings", { intent: "add-reason", label: " " });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Enter the reason");
    expect(title(empty.text)).toMatch(/^Error: Funding settings/);
  });

  it("rewords a reason, and tells a second officer with the old wording that it changed", async () => {
    const r = (await reason(LABEL))!;
    const reworded = "The pupil has moved to a special school or a PRU";
    const first = await officer.post(`/council/funding-settings/reasons/${r.id}`, { intent: "rename", current: LABEL, label: reworded });
    expect(first.location).toBe("/council/funding-settings?done=reason-renamed");
    const second = await officer.post(`/council/funding-settings/reasons/${r.id}`, { intent: "rename", current: LABEL, label: "Something else" });
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain("Someone else changed this record");
    expect((await t.database.db.selectFrom("decision_reasons").select("label").where("id", "=", r.id).executeTakeFirstOrThrow()).label).toBe(reworded);
    const taken = await officer.post(`/council/funding-settings/reasons/${r.id}`, {
      intent: "rename",
      current: reworded,
      label: "Evidence of need is not sufficient",
    });
    expect(taken.status).toBe(400);
    expect(mainText(taken.text)).toContain("There is already a reason with this wording");
    expect((await audits("decision_reason.rename")).map((a) => a.subject_id)).toEqual([String(r.id)]);
  });

  it("deactivates a reason, which stays listed, refuses a second deactivation as stale, and reactivates it", async () => {
    const r = (await reason("Evidence of need is not sufficient"))!;
    const off = await officer.post(`/council/funding-settings/reasons/${r.id}`, { intent: "deactivate" });
    expect(off.location).toBe("/council/funding-settings?done=reason-deactivated");
    expect((await reason(r.label))!.active).toBe(false);
    expect(mainText((await officer.get(off.location!)).text)).toContain("Evidence of need is not sufficient Deactivated");
    const page = mainText((await officer.get(`/council/funding-settings/reasons/${r.id}`)).text);
    expect(page).toContain("Reactivate this reason");
    const stale = await officer.post(`/council/funding-settings/reasons/${r.id}`, { intent: "deactivate" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    const on = await officer.post(`/council/funding-settings/reasons/${r.id}`, { intent: "reactivate" });
    expect(on.location).toBe("/council/funding-settings?done=reason-reactivated");
    expect((await reason(r.label))!.active).toBe(true);
    expect((await audits("decision_reason.deactivate")).map((a) => a.subject_id)).toEqual([String(r.id)]);
    expect((await audits("decision_reason.reactivate")).map((a) => a.subject_id)).toEqual([String(r.id)]);
  });
});

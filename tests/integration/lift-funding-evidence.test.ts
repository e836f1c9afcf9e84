import { beforeAll, describe, expect, it } from "vitest";
import { insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { formBody, pageForms } from "../setup/forms.ts";
import { createInvolvement, createLiftReferral, createStlsSlot, createVisit, schoolId, userId } from "../setup/stls.ts";

// Issue 10, joined to funding: on a High Needs Funding request the evidence about LIFT advice and its
// recommendations shows the pupil's LIFT outcomes and the specialist visits done, the SENCO cites them with the
// evidence section, and the headteacher and officer see each cited record with whether it is still the pupil's.
// The officer reads the pupil's outcomes and visits through the request, and nothing of any other pupil.

const t = seededApp();
const db = () => t.database.db;
let senco: Browser;
let officer: Browser;
let head: Browser;
const ids = { oakfield: 0, lara: 0, hnf: 0, senco: 0, head: 0, officer: 0 };
const rec = { outcome: "", done: "", booked: "", cancelled: "", amelia: "", draftReferral: "" };

const NOTE = "Lara used the visual timetable all morning; keep the now-and-next board on her desk.";
const ADVICE = "Specialist teacher to observe in class and model precision teaching with the class teacher.";

async function draft(): Promise<string> {
  const reply = await senco.post("/funding/new", { schemeId: String(ids.hnf), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  const reference = /\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
  await db().updateTable("funding_requests").set({ pupil_id: ids.lara }).where("reference", "=", reference).execute();
  return reference;
}

/** The values of the LIFT checkboxes a page draws (ticked ones only, if asked). */
const boxes = (html: string, ticked = false) =>
  (html.match(/<input type="checkbox"[^>]*name="liftCitations"[^>]*>/g) ?? [])
    .filter((tag) => !ticked || / checked/.test(tag))
    .map((tag) => /value="([^"]+)"/.exec(tag)![1]!)
    .sort();

const citedOf = async (reference: string) =>
  (
    await db()
      .selectFrom("funding_request_lift_citations")
      .innerJoin("funding_requests", "funding_requests.id", "funding_request_lift_citations.funding_request_id")
      .select(["lift_outcome_id", "stls_visit_id"])
      .where("funding_requests.reference", "=", reference)
      .execute()
  )
    .map((r) => (r.lift_outcome_id ? `outcome-${r.lift_outcome_id}` : `visit-${r.stls_visit_id}`))
    .sort();

async function saveEvidence(reference: string, ticked: string[], extra: Record<string, string> = {}) {
  const path = `/funding/${reference}/edit/evidence`;
  const page = await senco.get(path);
  const form = pageForms(page.text, path).find((f) => f.fields.some(([name]) => name === "liftCitationsShown"))!;
  const fields: [string, string][] = [...form.fields.filter(([name]) => name !== "liftCitations"), ...ticked.map((key): [string, string] => ["liftCitations", key])];
  return senco.request("POST", path, {
    body: formBody(fields, { intent: "save", ...extra }),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: t.app.baseUrl },
  });
}

beforeAll(async () => {
  senco = new Browser(t.app.baseUrl);
  await senco.signIn("senco@oakfield.example");
  officer = new Browser(t.app.baseUrl);
  await officer.signIn("officer@kent.example");
  head = new Browser(t.app.baseUrl);
  await head.signIn("head@oakfield.example");
  ids.oakfield = await schoolId(db(), "990001");
  ids.senco = await userId(db(), "senco@oakfield.example");
  ids.head = await userId(db(), "head@oakfield.example");
  ids.officer = await userId(db(), "officer@kent.example");
  ids.hnf = (await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id;
  ids.lara = (
    await db()
      .insertInto("pupils")
      .values({ school_id: ids.oakfield, first_name: "Lara", last_name: "Lift", date_of_birth: "2017-03-03", upn: null, year_group: "4", sen_provision: "K", primary_need: "ASD", date_added: "2024-09-01" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const referral = await createLiftReferral(db(), { pupil: ["Lara", "Lift"] });
  const involvement = await createInvolvement(db(), referral.id);
  rec.outcome = `outcome-${involvement}`;
  rec.done = `visit-${await createVisit(db(), await createStlsSlot(db(), { startsInDays: -14 }), involvement, { status: "done", note: NOTE })}`;
  rec.booked = `visit-${await createVisit(db(), await createStlsSlot(db(), { startsInDays: 9 }), involvement)}`;
  rec.cancelled = `visit-${await createVisit(db(), await createStlsSlot(db(), { startsInDays: -7 }), involvement, { status: "cancelled" })}`;
  // Another pupil's outcome (Amelia Hart, Oakfield): never Lara's evidence.
  const amelia = await createLiftReferral(db(), { pupil: ["Amelia", "Hart"] });
  rec.amelia = `outcome-${await createInvolvement(db(), amelia.id, { visits: 1 })}`;
  await db().updateTable("lift_outcomes").set({ advice: "Amelia's own advice, never on Lara's request." }).where("id", "=", Number(rec.amelia.slice(8))).execute();
});

describe("the evidence section's LIFT records", () => {
  it("shows the pupil's LIFT outcomes and visits done as checkboxes, and nothing of another pupil or a visit not done", async () => {
    const reference = await draft();
    const page = await senco.get(`/funding/${reference}/edit/evidence`);
    expect(page.status).toBe(200);
    const text = mainText(page.text);
    expect(text).toContain("LIFT advice and specialist visits to cite as evidence");
    expect(text).toMatch(/LIFT outcomes Specialist involvement, LIFT meeting on .*? \(LIFT-\d{4}-\d{5}\)/);
    expect(text).toMatch(/Specialist visits done Specialist visit on .*?, Tom Harding/);
    const form = pageForms(page.text, `/funding/${reference}/edit/evidence`).find((f) => f.fields.some(([name]) => name === "liftCitationsShown"))!;
    expect(form).toBeTruthy();
    expect(boxes(page.text)).toEqual([rec.done, rec.outcome].sort());
    // The training records are still offered beside them.
    expect(text).toContain("Staff training to cite as evidence");
  });

  it("saves the records cited with the section, shows them on check answers, and clears them when none are ticked", async () => {
    const reference = await draft();
    const saved = await saveEvidence(reference, [rec.outcome, rec.done], { "evidence.lift-advice": "See LIFT's outcome cited" });
    expect(saved.status, mainText(saved.text)).toBe(302);
    expect(await citedOf(reference)).toEqual([rec.done, rec.outcome].sort());
    const again = await senco.get(`/funding/${reference}/edit/evidence`);
    expect(boxes(again.text, true)).toEqual([rec.done, rec.outcome].sort());
    const check = mainText((await senco.get(`/funding/${reference}/check`)).text);
    expect(check).toContain("LIFT outcomes and specialist visits cited");
    expect(check).toMatch(/LIFT outcome: Specialist involvement.*?Confirmed/);
    // Sending the same form twice saves once; ticking none clears them.
    expect((await saveEvidence(reference, [rec.outcome, rec.done])).status).toBe(302);
    expect((await saveEvidence(reference, [])).status).toBe(302);
    expect(await citedOf(reference)).toEqual([]);
  });

  it("refuses another pupil's outcome, a visit not done, an unknown or odd record with a field error, keeping what was cited", async () => {
    const reference = await draft();
    expect((await saveEvidence(reference, [rec.outcome])).status).toBe(302);
    for (const key of [rec.amelia, rec.booked, rec.cancelled, "outcome-99999999", "visit-99999999"]) {
      const refused = await saveEvidence(reference, [rec.done, key], { "evidence.lift-advice": `Tried ${key}` });
      expect(refused.status, key).toBe(400);
      expect(title(refused.text)).toMatch(/^Error: /);
      expect(mainText(refused.text)).toContain("Only this pupil's LIFT outcomes and specialist visits done can be cited");
      expect(refused.text).toContain('href="#lift-citations"');
      expect(await citedOf(reference)).toEqual([rec.outcome]);
    }
    // The rest of the section was saved, as a draft save saves every answer it can.
    const row = await db().selectFrom("funding_requests").select("evidence").where("reference", "=", reference).executeTakeFirstOrThrow();
    expect((row.evidence as Record<string, string>)["lift-advice"]).toBe("Tried visit-99999999");
    for (const odd of ["outcome-1e3", "12", "visit-", "outcome--1", "x".repeat(5000)]) {
      const reply = await saveEvidence(reference, [odd]);
      expect(reply.status, odd.slice(0, 20)).toBe(400);
      expect(mainText(reply.text)).toContain("Select LIFT outcomes and visits from the list");
    }
    const many = await saveEvidence(reference, Array.from({ length: 51 }, (_, i) => `visit-${i + 1}`));
    expect(mainText(many.text)).toContain("Cite 50 LIFT outcomes and visits or fewer");
    expect(await citedOf(reference)).toEqual([rec.outcome]);
  });
});

describe("what the officer and the headteacher see", () => {
  it("the pupil's outcomes and visits done with notes, read through the request, and each citation as it stands", async () => {
    const reference = await draft();
    expect((await saveEvidence(reference, [rec.outcome, rec.done])).status).toBe(302);
    const request = await db().selectFrom("funding_requests").select("id").where("reference", "=", reference).executeTakeFirstOrThrow();
    // A citation of another pupil's outcome, and of a record since gone, written behind the form's back.
    await db()
      .insertInto("funding_request_lift_citations")
      .values([
        { funding_request_id: request.id, lift_outcome_id: Number(rec.amelia.slice(8)) },
        { funding_request_id: request.id, stls_visit_id: 99_999_999 },
      ])
      .execute();
    // While a draft the council does not reach it at all.
    expect((await officer.get(`/funding/${reference}`)).status).toBe(404);
    await db().updateTable("funding_requests").set({ status: "submitted", submitted_at: new Date() }).where("id", "=", request.id).execute();
    for (const path of [`/funding/${reference}`, `/funding/${reference}/decide`]) {
      const page = await officer.get(path);
      expect(page.status, path).toBe(200);
      const text = mainText(page.text);
      expect(text).toContain("The pupil's LIFT outcomes and specialist visits");
      expect(text).toContain(ADVICE);
      expect(text).toContain(NOTE);
      expect(text).toContain("Cited by the school");
      expect(text).toContain("LIFT outcomes and specialist visits cited");
      expect(text.match(/Not found: no longer recorded for this pupil/g)).toHaveLength(2);
      expect(text.match(/ Confirmed /g)?.length).toBeGreaterThanOrEqual(2);
      expect(text).not.toContain("Amelia's own advice");
      // Booked and cancelled visits are not what a decision reads; the school's timeline link is not the council's.
      expect(text).not.toContain("The pupil is off sick that day.");
      expect(page.text).not.toContain("/support\"");
    }
    const headPage = await head.get(`/funding/${reference}`);
    expect(mainText(headPage.text)).toContain("LIFT outcomes and specialist visits cited");
    expect(headPage.text).toContain(`href="/pupils/${ids.lara}/support"`);
    // Each read by the officer is audited as a view of the pupil through the request.
    const audited = await db()
      .selectFrom("audit_events")
      .select("detail")
      .where("action", "=", "pupil.view")
      .where("actor_user_id", "=", ids.officer)
      .where("subject_id", "=", String(ids.lara))
      .execute();
    expect(audited.some((a) => (a.detail as { records?: string }).records === "lift_support")).toBe(true);
  });

  it("a request about another pupil shows none of this pupil's LIFT records", async () => {
    const reference = /\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(
      (await senco.post("/funding/new", { schemeId: String(ids.hnf), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` })).location ?? "",
    )![1]!;
    const mia = (await db().selectFrom("pupils").select("id").where("first_name", "=", "Mia").where("last_name", "=", "Turner").executeTakeFirstOrThrow()).id;
    await db().updateTable("funding_requests").set({ pupil_id: mia, status: "submitted", submitted_at: new Date() }).where("reference", "=", reference).execute();
    const text = mainText((await officer.get(`/funding/${reference}`)).text);
    expect(text).toContain("No LIFT outcome or specialist visit done is recorded for this pupil.");
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain(ADVICE);
  });
});

describe("Apply again", () => {
  it("carries over the LIFT records cited that are still the pupil's, and no others", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    const [y, m] = today.split("-").map(Number) as [number, number];
    const fy = m >= 4 ? y : y - 1;
    const before = Number((await db().selectFrom("funding_requests").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);
    await insertFundingRequests(db(), [
      {
        schoolId: ids.oakfield,
        schemeId: ids.hnf,
        schemeCode: "HNF",
        pupilId: ids.lara,
        status: "approved",
        sencoId: ids.senco,
        headId: ids.head,
        officerId: ids.officer,
        periodStart: `${fy - 1}-09-01`,
        periodEnd: `${fy}-03-31`,
        requestedPence: 700_000,
        lines: typicalPlan(700_000),
        evidence: {},
        startedAt: new Date(Date.now() - 200 * 86_400_000),
      },
    ]);
    const award = await db().selectFrom("funding_requests").select(["id", "reference"]).where("id", ">", before).executeTakeFirstOrThrow();
    await db()
      .insertInto("funding_request_lift_citations")
      .values([
        { funding_request_id: award.id, lift_outcome_id: Number(rec.outcome.slice(8)) },
        { funding_request_id: award.id, stls_visit_id: Number(rec.done.slice(6)) },
        { funding_request_id: award.id, lift_outcome_id: Number(rec.amelia.slice(8)) },
        { funding_request_id: award.id, stls_visit_id: Number(rec.booked.slice(6)) },
      ])
      .execute();
    const renewPage = await senco.get(`/funding/${award.reference}/renew`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(renewPage.text)?.[1];
    expect(key, mainText(renewPage.text)).toBeTruthy();
    const renewed = await senco.post(`/funding/${award.reference}/renew`, { idempotencyKey: key! });
    expect(renewed.status, mainText(renewed.text)).toBe(302);
    const renewal = /^\/funding\/([^/]+)\/edit/.exec(renewed.location!)![1]!;
    expect(await citedOf(renewal)).toEqual([rec.done, rec.outcome].sort());
  });
});

import type { KyselyPlugin } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { renewRequest } from "../../app/domain/funding/renewal.server.ts";
import { renewableFrom, renewalRefusal } from "../../app/domain/funding/renewal.ts";
import { type FundingSeed, evidenceFor, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";

// Issue 8, the school side: the parents' consent in the draft's task list, the headteacher's declaration on its own
// page, eligibility (a pupil who has left, the scheme's pupil rule), duplicates (one pupil, one request under a
// scheme for any stretch of time), "Apply again", and what people are told, over HTTP on a real database.

const t = seededApp();
const browsers: Record<string, Browser> = {};
const ids = { oakfield: 0, riverside: 0, hnf: 0, ehc: 0, sis: 0, senco: 0, head: 0, officer: 0 };
const FY = (() => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
})();
const TODAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const START = `${FY}-09-01`;
const END = `${FY + 1}-03-31`;
const HNF_EVIDENCE = ["complex-needs", "full-time", "external-professionals", "own-resources", "personalised", "lift-advice", "lift-recommendations", "staff-training"];

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "senco@riverside.example", "head@riverside.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  const db = t.database.db;
  const school = async (urn: string) => (await db.selectFrom("schools").select("id").where("urn", "=", urn).executeTakeFirstOrThrow()).id;
  const scheme = async (code: string) => (await db.selectFrom("funding_schemes").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const user = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  Object.assign(ids, {
    oakfield: await school("990001"),
    riverside: await school("990002"),
    hnf: await scheme("HNF"),
    ehc: await scheme("EHC"),
    sis: await scheme("SIS"),
    senco: await user("senco@oakfield.example"),
    head: await user("head@oakfield.example"),
    officer: await user("officer@kent.example"),
  });
});

const senco = () => browsers["senco@oakfield.example"]!;
const head = () => browsers["head@oakfield.example"]!;

let pupilCount = 0;
/** A new current Oakfield pupil (on SEN support unless said), so each test's requests are its own. */
async function newPupil(provision: "K" | "E" = "K", school = ids.oakfield) {
  pupilCount += 1;
  const row = await t.database.db
    .insertInto("pupils")
    .values({ school_id: school, first_name: "Quinn", last_name: `Schoolside${pupilCount}`, date_of_birth: "2017-05-04", upn: null, year_group: "4", sen_provision: provision, primary_need: "ASD", date_added: "2024-09-01" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function row(reference: string) {
  return t.database.db.selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

async function start(schemeId = ids.hnf) {
  const reply = await senco().post("/funding/new", { schemeId: String(schemeId), idempotencyKey: `school-side-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  return /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
}

const CONSENT = { consentGivenBy: "Sam Quinn, father", consentDate: `${FY}-04-02`, consentMethod: "meeting" };

/** A whole draft's fields (the task list takes them in one POST), consent included unless overridden. */
function whole(version: number, pupilId: number, overrides: Record<string, string> = {}) {
  const fields: Record<string, string> = {
    version: String(version),
    intent: "save",
    pupilId: String(pupilId),
    periodStart: START,
    periodEnd: END,
    amountRequested: "8,500",
    ...CONSENT,
    "lines[0].description": "1:1 teaching assistant support",
    "lines[0].deliveredBy": "Level 3 teaching assistant",
    "lines[0].hoursPerWeek": "15",
    "lines[0].weeks": "38",
    "lines[0].cost": "14,500",
  };
  for (const key of HNF_EVIDENCE) fields[`evidence.${key}`] = `We meet this: ${key}`;
  return { ...fields, ...overrides };
}

/** A complete draft for `pupilId`, sent to the headteacher. */
async function sentFor(pupilId: number, overrides: Record<string, string> = {}) {
  const reference = await start();
  expect((await senco().post(`/funding/${reference}/edit`, whole((await row(reference)).version, pupilId, overrides))).status).toBe(302);
  expect((await senco().post(`/funding/${reference}/check`, { version: String((await row(reference)).version) })).location).toBe(`/funding/${reference}?done=sent`);
  return reference;
}

/** A request written with the history of its status (as the seed writes them), for `pupilId`. */
async function seeded(pupilId: number, status: FundingSeed["status"], period: { start: string; end: string } = { start: START, end: END }) {
  const db = t.database.db;
  const scheme = await db.selectFrom("funding_schemes").select("evidence_checklist").where("id", "=", ids.hnf).executeTakeFirstOrThrow();
  const before = (await db.selectFrom("funding_requests").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0;
  await insertFundingRequests(db, [
    {
      schoolId: ids.oakfield,
      schemeId: ids.hnf,
      schemeCode: "HNF",
      pupilId,
      status,
      sencoId: ids.senco,
      headId: ids.head,
      officerId: ids.officer,
      periodStart: period.start,
      periodEnd: period.end,
      requestedPence: 850_000,
      lines: typicalPlan(1_450_000),
      evidence: evidenceFor(scheme.evidence_checklist),
      startedAt: new Date(Date.now() - 200 * 86_400_000),
    },
  ]);
  return (await db.selectFrom("funding_requests").select("reference").where("id", ">", before).executeTakeFirstOrThrow()).reference;
}

describe("the parents' consent, a section of the draft's task list", () => {
  it("is a section of a request for a pupil, saved like the others, and shown on check your answers", async () => {
    const reference = await start();
    const list = await senco().get(`/funding/${reference}/edit`);
    expect(list.text).toContain(`href="/funding/${reference}/edit/consent"`);
    const page = await senco().get(`/funding/${reference}/edit/consent`);
    expect(page.status).toBe(200);
    expect(title(page.text)).toMatch(/^Parental consent - HNF-/);
    for (const name of ['name="consentGivenBy"', 'name="consentDate.day"', 'name="consentDate.month"', 'name="consentDate.year"', 'name="consentMethod"']) expect(page.text).toContain(name);
    expect(page.text).not.toContain('name="amountRequested"');

    const saved = await senco().post(`/funding/${reference}/edit/consent`, {
      version: String((await row(reference)).version),
      intent: "continue",
      consentGivenBy: "  Sam Quinn, father ",
      "consentDate.day": "2",
      "consentDate.month": "4",
      "consentDate.year": String(FY),
      consentMethod: "email",
    });
    expect(saved.location).toBe(`/funding/${reference}/edit?saved=1`);
    const after = await row(reference);
    expect([after.consent_given_by, after.consent_date, after.consent_method]).toEqual(["Sam Quinn, father", `${FY}-04-02`, "email"]);
    expect(mainText((await senco().get(`/funding/${reference}/edit`)).text)).toMatch(/Parental consent Completed/);
    const check = mainText((await senco().get(`/funding/${reference}/check`)).text);
    expect(check).toContain("Who gave consent Sam Quinn, father");
    expect(check).toContain(`Date consent was given 2 April ${FY}`);
    expect(check).toContain("How consent was given By email");
  });

  it("refuses a date in the future, a date that does not exist, a method not on the list and a name too long, keeping the rest", async () => {
    const reference = await start();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, string>, string, string][] = [
      [{ consentDate: tomorrow }, "consentDate", "The date consent was given must be today or in the past"],
      [{ consentDate: `${FY}-02-30` }, "consentDate", "must be a real date"],
      [{ consentDate: "2019-12-31" }, "consentDate", "must be in 2020 or later"],
      [{ consentMethod: "carrier pigeon" }, "consentMethod", "Select how consent was given"],
      [{ consentGivenBy: "x".repeat(121) }, "consentGivenBy", "Who gave consent must be 120 characters or fewer"],
    ];
    for (const [change, field, message] of cases) {
      await t.database.db.updateTable("funding_requests").set({ consent_given_by: null, consent_date: null, consent_method: null }).where("reference", "=", reference).execute();
      const before = await row(reference);
      const reply = await senco().post(`/funding/${reference}/edit/consent`, { version: String(before.version), intent: "save", ...CONSENT, ...change });
      expect(reply.status, field).toBe(400);
      expect(title(reply.text)).toMatch(/^Error: /);
      expect(mainText(reply.text)).toContain(message);
      expect(mainText(reply.text)).toContain("What you entered without an error has been saved");
      const after = await row(reference);
      const stored = { consentGivenBy: after.consent_given_by, consentDate: after.consent_date, consentMethod: after.consent_method };
      // The refused answer is not stored; the other two are.
      expect(stored[field as keyof typeof stored]).toBeNull();
      for (const other of Object.keys(stored).filter((k) => k !== field)) expect(stored[other as keyof typeof stored], other).not.toBeNull();
    }
  });

  it("stops a request being sent without it, saying what is missing", async () => {
    const pupil = await newPupil();
    const reference = await start();
    const draft = whole((await row(reference)).version, pupil, { consentGivenBy: "", consentDate: "", consentMethod: "" });
    expect((await senco().post(`/funding/${reference}/edit`, draft)).status).toBe(302);
    const check = mainText((await senco().get(`/funding/${reference}/check`)).text);
    expect(check).toContain("Before you can send this request");
    expect(check).toContain("Enter who gave consent");
    expect(check).toContain("Enter the date consent was given");
    expect(check).toContain("Select how consent was given");
    const send = await senco().post(`/funding/${reference}/check`, { version: String((await row(reference)).version) });
    expect(send.status).toBe(409);
    expect((await row(reference)).status).toBe("draft");
    // Recorded, it can be sent.
    expect((await senco().post(`/funding/${reference}/edit/consent`, { version: String((await row(reference)).version), intent: "save", ...CONSENT })).status).toBe(302);
    expect((await senco().post(`/funding/${reference}/check`, { version: String((await row(reference)).version) })).status).toBe(302);
    expect((await row(reference)).status).toBe("awaiting_headteacher");
  });

  it("is not asked of a school-level request, which names no pupil", async () => {
    const reference = await start(ids.sis);
    expect((await senco().get(`/funding/${reference}/edit/consent`)).status).toBe(404);
    expect((await senco().get(`/funding/${reference}/edit`)).text).not.toContain("/edit/consent");
  });
});

describe("the headteacher's declaration", () => {
  it("is its own page: the request's summary, the declaration to tick, and the return to the SENCO", async () => {
    const reference = await sentFor(await newPupil());
    const requestPage = await head().get(`/funding/${reference}`);
    expect(requestPage.text).toContain(`href="/funding/${reference}/sign-off"`);
    // The request's page no longer carries the sign-off form.
    expect(mainText(requestPage.text)).not.toContain("Sign off and send to the council");
    const page = await head().get(`/funding/${reference}/sign-off`);
    expect(page.status).toBe(200);
    expect(title(page.text)).toMatch(new RegExp(`^Sign off ${reference}`));
    const text = mainText(page.text);
    expect(text).toContain("The request");
    expect(text).toContain("Parental consent");
    expect(text).toContain("Who gave consent Sam Quinn, father");
    expect(text.indexOf("Provision plan")).toBeLessThan(text.indexOf("Declaration"));
    expect(text).toContain("Declaration Before you sign off I confirm the school has used its own resources first and the parents have given consent");
    expect(page.text).toMatch(/<input type="checkbox"[^>]*name="declaration"[^>]*value="confirmed"/);
    expect(text).toContain("Return it to the SENCO");
  });

  it("will not sign off without the declaration ticked, and records the words confirmed when it is", async () => {
    const reference = await sentFor(await newPupil());
    const before = await row(reference);
    const unticked = await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String(before.version), comment: "Agreed" });
    expect(unticked.status).toBe(400);
    expect(title(unticked.text)).toMatch(/^Error: /);
    expect(mainText(unticked.text)).toContain("Confirm the declaration to sign off the request");
    expect(unticked.text).toContain("Agreed");
    const forged = await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String(before.version), declaration: "yes please" });
    expect(forged.status).toBe(400);
    expect((await row(reference)).status).toBe("awaiting_headteacher");

    const signed = await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String(before.version), declaration: "confirmed", comment: "Agreed" });
    expect(signed.location).toBe(`/funding/${reference}?done=sign_off`);
    const after = await row(reference);
    expect(after.status).toBe("submitted");
    expect(after.sign_off_declaration).toBe("I confirm the school has used its own resources first and the parents have given consent");
    expect(mainText((await head().get(`/funding/${reference}`)).text)).toContain("Headteacher's declaration I confirm the school has used its own resources first");
    // Sent again (a double click): one sign-off.
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String(before.version), declaration: "confirmed", comment: "Agreed" })).status).toBe(302);
    const events = await t.database.db.selectFrom("funding_request_events").select("action").where("funding_request_id", "=", after.id).where("action", "=", "signed_off").execute();
    expect(events).toHaveLength(1);
    // Once signed off, the page says so instead of offering the declaration again.
    const page = mainText((await head().get(`/funding/${reference}/sign-off`)).text);
    expect(page).toContain("This request is not waiting for your sign-off: it is submitted");
    expect(page).not.toContain("Sign off and send to the council");
  });

  it("returns the request to the SENCO from the same page, only with a comment", async () => {
    const reference = await sentFor(await newPupil());
    const version = String((await row(reference)).version);
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "return", version, comment: " " })).status).toBe(400);
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "return", version, comment: "Add the EP report" })).location).toBe(`/funding/${reference}?done=return`);
    expect((await row(reference)).status).toBe("draft");
  });

  it("refuses a request that reached the headteacher without the parents' consent: it goes back to the SENCO", async () => {
    const reference = await seeded(await newPupil(), "awaiting_headteacher");
    await t.database.db.updateTable("funding_requests").set({ consent_given_by: null, consent_date: null, consent_method: null }).where("reference", "=", reference).execute();
    const reply = await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String((await row(reference)).version), declaration: "confirmed" });
    expect(reply.status).toBe(409);
    expect(mainText(reply.text)).toContain("This request cannot be signed off: the parents' consent is not recorded on it. Return it to the SENCO saying what to add.");
    expect((await row(reference)).status).toBe("awaiting_headteacher");
  });

  it("is the headteacher's alone, of their own school, and the old form on the request's page is gone", async () => {
    const reference = await sentFor(await newPupil());
    const version = String((await row(reference)).version);
    const fields = { intent: "sign_off", version, declaration: "confirmed" };
    expect((await senco().get(`/funding/${reference}/sign-off`)).status).toBe(404);
    expect((await senco().post(`/funding/${reference}/sign-off`, fields)).status).toBe(404);
    expect((await browsers["head@riverside.example"]!.get(`/funding/${reference}/sign-off`)).status).toBe(404);
    expect((await browsers["head@riverside.example"]!.post(`/funding/${reference}/sign-off`, fields)).status).toBe(404);
    expect((await browsers["officer@kent.example"]!.post(`/funding/${reference}/sign-off`, fields)).status).toBe(404);
    expect((await head().post(`/funding/${reference}`, fields)).status).toBe(404);
    expect((await head().post(`/funding/${reference}/sign-off`, { ...fields, intent: "decide" })).status).toBe(404);
    expect((await row(reference)).status).toBe("awaiting_headteacher");
  });
});

describe("eligibility", () => {
  it("does not offer or take a pupil who has left, and will not send a draft whose pupil has left since", async () => {
    const left = await t.database.db.selectFrom("pupils").select("id").where("last_name", "=", "Ward").executeTakeFirstOrThrow();
    const reference = await start();
    const page = await senco().get(`/funding/${reference}/edit/pupil`);
    expect(page.text).not.toContain(`value="${left.id}"`);
    expect(mainText(page.text)).not.toContain("Jacob Ward");
    const refused = await senco().post(`/funding/${reference}/edit/pupil`, { version: String((await row(reference)).version), intent: "save", pupilId: String(left.id) });
    expect(refused.status).toBe(400);
    expect((await row(reference)).pupil_id).toBeNull();

    const pupil = await newPupil();
    expect((await senco().post(`/funding/${reference}/edit`, whole((await row(reference)).version, pupil))).status).toBe(302);
    await t.database.db.updateTable("pupils").set({ date_left: TODAY }).where("id", "=", pupil).execute();
    const check = mainText((await senco().get(`/funding/${reference}/check`)).text);
    expect(check).toContain("This pupil has left your school: select a current pupil from your register");
    expect((await senco().post(`/funding/${reference}/check`, { version: String((await row(reference)).version) })).status).toBe(409);
    expect((await row(reference)).status).toBe("draft");
  });

  it("offers and takes only the pupils the scheme's rule is for, both ways", async () => {
    const [onSupport, withPlan] = [await newPupil("K"), await newPupil("E")];
    const hnf = await start(ids.hnf);
    const ehc = await start(ids.ehc);
    const hnfPage = await senco().get(`/funding/${hnf}/edit/pupil`);
    expect(hnfPage.text).toContain(`value="${onSupport}"`);
    expect(hnfPage.text).not.toContain(`value="${withPlan}"`);
    const ehcPage = await senco().get(`/funding/${ehc}/edit/pupil`);
    expect(ehcPage.text).toContain(`value="${withPlan}"`);
    expect(ehcPage.text).not.toContain(`value="${onSupport}"`);
    const wrongHnf = await senco().post(`/funding/${hnf}/edit/pupil`, { version: String((await row(hnf)).version), intent: "save", pupilId: String(withPlan) });
    expect(mainText(wrongHnf.text)).toContain("This scheme is for pupils on SEN support (K), not pupils with an EHC plan");
    const wrongEhc = await senco().post(`/funding/${ehc}/edit/pupil`, { version: String((await row(ehc)).version), intent: "save", pupilId: String(onSupport) });
    expect(mainText(wrongEhc.text)).toContain("This scheme is for pupils with an EHC plan (E)");
    expect([(await row(hnf)).pupil_id, (await row(ehc)).pupil_id]).toEqual([null, null]);
    // Another school's pupil is not on this register.
    const theirs = await newPupil("K", ids.riverside);
    expect((await senco().post(`/funding/${hnf}/edit/pupil`, { version: String((await row(hnf)).version), intent: "save", pupilId: String(theirs) })).status).toBe(400);
    expect((await row(hnf)).pupil_id).toBeNull();
  });
});

describe("duplicates: one pupil, one request under a scheme for any stretch of time", () => {
  it("refuses a period overlapping an open request for the pupil, with a link to it, and takes one that does not", async () => {
    const pupil = await newPupil();
    const first = await sentFor(pupil);
    const second = await start();
    // The pupil with no period yet: saved, with a warning that links to the open request.
    expect((await senco().post(`/funding/${second}/edit/pupil`, { version: String((await row(second)).version), intent: "save", pupilId: String(pupil) })).status).toBe(302);
    const warned = await senco().get(`/funding/${second}/edit/period`);
    expect(mainText(warned.text)).toContain("This pupil has other requests under this scheme");
    expect(warned.text).toContain(`<a href="/funding/${first}">${first}</a>`);
    const overlapping = await senco().post(`/funding/${second}/edit/period`, { version: String((await row(second)).version), intent: "save", periodStart: `${FY}-12-01`, periodEnd: `${FY + 1}-02-28` });
    expect(overlapping.status).toBe(400);
    expect(mainText(overlapping.text)).toContain(`This pupil already has an open request under this scheme for an overlapping period: ${first}, awaiting headteacher`);
    expect(overlapping.text).toContain(`href="/funding/${first}"`);
    expect([(await row(second)).period_start, (await row(second)).period_end]).toEqual([null, null]);
    // The next financial year does not overlap.
    const later = await senco().post(`/funding/${second}/edit/period`, { version: String((await row(second)).version), intent: "save", periodStart: `${FY + 1}-04-01`, periodEnd: `${FY + 1}-07-31` });
    expect(later.location).toBe(`/funding/${second}/edit?saved=1`);
    // A whole draft naming the pupil and an overlapping period: the period is not stored, the rest is.
    const third = await start();
    const refusedPeriod = await senco().post(`/funding/${third}/edit`, whole((await row(third)).version, pupil));
    expect(refusedPeriod.status).toBe(400);
    let after = await row(third);
    expect([after.pupil_id, after.period_start, after.period_end, after.amount_requested_pence]).toEqual([pupil, null, null, 850_000]);
    // A draft with its period saved, then the pupil chosen: the pupil is refused, the period kept.
    const fourth = await start();
    expect((await senco().post(`/funding/${fourth}/edit/period`, { version: String((await row(fourth)).version), intent: "save", periodStart: START, periodEnd: END })).status).toBe(302);
    const refusedPupil = await senco().post(`/funding/${fourth}/edit/pupil`, { version: String((await row(fourth)).version), intent: "save", pupilId: String(pupil) });
    expect(refusedPupil.status).toBe(400);
    expect(mainText(refusedPupil.text)).toContain(`for an overlapping period: ${first}`);
    after = await row(fourth);
    expect([after.pupil_id, after.period_start, after.period_end]).toEqual([null, START, END]);
  });

  it("refuses a period overlapping an award; a declined or withdrawn request is no bar", async () => {
    const pupil = await newPupil();
    const award = await seeded(pupil, "partly_approved");
    await seeded(pupil, "declined");
    await seeded(pupil, "withdrawn");
    const reference = await start();
    const reply = await senco().post(`/funding/${reference}/edit`, whole((await row(reference)).version, pupil, { periodStart: `${FY}-10-01` }));
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain(`This pupil already has an award under this scheme for an overlapping period: ${award}`);

    const other = await newPupil();
    await seeded(other, "declined");
    await seeded(other, "withdrawn");
    const fine = await start();
    expect((await senco().post(`/funding/${fine}/edit`, whole((await row(fine)).version, other))).status).toBe(302);
    expect((await senco().post(`/funding/${fine}/check`, { version: String((await row(fine)).version) })).status).toBe(302);
  });

  it("refuses the send and the sign-off when another request for the pupil came to overlap meanwhile", async () => {
    const pupil = await newPupil();
    const reference = await start();
    expect((await senco().post(`/funding/${reference}/edit`, whole((await row(reference)).version, pupil))).status).toBe(302);
    const other = await seeded(pupil, "submitted");
    const send = await senco().post(`/funding/${reference}/check`, { version: String((await row(reference)).version) });
    expect(send.status).toBe(409);
    expect(mainText(send.text)).toContain(`for an overlapping period: ${other}`);
    expect(mainText((await senco().get(`/funding/${reference}/check`)).text)).toContain(other);
    expect((await row(reference)).status).toBe("draft");

    const pupil2 = await newPupil();
    const waiting = await sentFor(pupil2);
    const clash = await seeded(pupil2, "approved");
    const signed = await head().post(`/funding/${waiting}/sign-off`, { intent: "sign_off", version: String((await row(waiting)).version), declaration: "confirmed" });
    expect(signed.status).toBe(409);
    expect(mainText(signed.text)).toContain(`This pupil already has an award under this scheme for an overlapping period: ${clash}`);
    expect((await row(waiting)).status).toBe("awaiting_headteacher");
  });

  it("lets only one of two drafts saved at once take the same period", async () => {
    const pupil = await newPupil();
    const [a, b] = [await start(), await start()];
    const [ra, rb] = await Promise.all([
      senco().post(`/funding/${a}/edit`, whole((await row(a)).version, pupil)),
      senco().post(`/funding/${b}/edit`, whole((await row(b)).version, pupil)),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([302, 400]);
    const rows = [await row(a), await row(b)];
    expect(rows.filter((r) => r.pupil_id === pupil && r.period_start === START)).toHaveLength(1);
  });
});

describe("Apply again", () => {
  it("starts a new draft from an award near its end, pre-filled, naming the request it renews; sent twice, one renewal", async () => {
    const pupil = await newPupil();
    const last = { start: `${FY - 1}-09-01`, end: `${FY}-03-31` };
    const award = await seeded(pupil, "approved", last);
    const page = await senco().get(`/funding/${award}`);
    expect(page.text).toContain(`href="/funding/${award}/renew"`);
    const renew = await senco().get(`/funding/${award}/renew`);
    expect(renew.status).toBe(200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(renew.text)![1]!;
    const [one, two] = await Promise.all([senco().post(`/funding/${award}/renew`, { idempotencyKey: key }), senco().post(`/funding/${award}/renew`, { idempotencyKey: key })]);
    expect(one.location).toMatch(/^\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
    expect(two.location).toBe(one.location);
    const renewal = /^\/funding\/([^/]+)\/edit/.exec(one.location!)![1]!;
    expect(renewal).not.toBe(award);
    const original = await row(award);
    const made = await row(renewal);
    expect(made).toMatchObject({ status: "draft", pupil_id: pupil, period_start: null, period_end: null, consent_given_by: null, renews_request_id: original.id, scheme_id: ids.hnf });
    expect(made.evidence).toEqual(original.evidence);
    const lines = async (id: number) =>
      (await t.database.db.selectFrom("funding_request_lines").select(["description", "cost_pence", "weeks"]).where("funding_request_id", "=", id).orderBy("position").execute());
    expect(await lines(made.id)).toEqual(await lines(original.id));
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("renews_request_id", "=", original.id).execute()).toHaveLength(1);
    // Both pages name the other.
    expect((await senco().get(`/funding/${renewal}`)).text).toContain(`<a href="/funding/${award}">${award}</a>`);
    const renewedPage = await senco().get(`/funding/${award}`);
    expect(renewedPage.text).toContain(`<a href="/funding/${renewal}">${renewal}</a>`);
    expect(renewedPage.text).not.toContain(`href="/funding/${award}/renew"`);
    // Another form (another tab): refused, naming the renewal; nothing more is made.
    const again = await senco().post(`/funding/${award}/renew`, { idempotencyKey: "another-tab-key-0123456789" });
    expect(again.status).toBe(409);
    expect(mainText(again.text)).toContain(`This award has already been renewed: the new request is ${renewal}`);
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("renews_request_id", "=", original.id).execute()).toHaveLength(1);
    // The renewal's period: the award's is taken (an overlap), the next year's is not.
    const overlap = await senco().post(`/funding/${renewal}/edit/period`, { version: String(made.version), intent: "save", periodStart: `${FY - 1}-10-01`, periodEnd: `${FY}-01-31` });
    expect(mainText(overlap.text)).toContain(`This pupil already has an award under this scheme for an overlapping period: ${award}`);
  });

  it("refuses a declined or withdrawn request, one not decided, and an award far from its end, and saves nothing", async () => {
    const count = async () => Number((await t.database.db.selectFrom("funding_requests").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const cases: [FundingSeed["status"], { start: string; end: string } | undefined, string][] = [
      ["declined", undefined, "This request was declined, so it cannot be renewed: start a new request instead"],
      ["withdrawn", undefined, "This request was withdrawn, so it cannot be renewed"],
      ["submitted", undefined, "Only an award can be renewed"],
      ["approved", { start: `${FY + 1}-04-01`, end: `${FY + 2}-03-31` }, "You can apply again from"],
    ];
    for (const [status, period, message] of cases) {
      const reference = await seeded(await newPupil(), status, period);
      const page = await senco().get(`/funding/${reference}/renew`);
      expect(page.status, status).toBe(200);
      expect(mainText(page.text)).toContain(message);
      expect(mainText(page.text)).not.toContain("Start the new request");
      expect((await senco().get(`/funding/${reference}`)).text).not.toContain(`/funding/${reference}/renew`);
      const before = await count();
      const reply = await senco().post(`/funding/${reference}/renew`, { idempotencyKey: `refused-${status}-0123456789abcdef` });
      expect(reply.status, status).toBe(409);
      expect(mainText(reply.text)).toContain(message);
      expect(await count()).toBe(before);
    }
  });

  it("is the school's SENCO's alone: another school's gets 404, a headteacher or an officer gets 404", async () => {
    const award = await seeded(await newPupil(), "approved", { start: `${FY - 1}-09-01`, end: `${FY}-03-31` });
    const body = { idempotencyKey: "not-yours-0123456789abcdef" };
    for (const email of ["senco@riverside.example", "head@oakfield.example", "officer@kent.example"]) {
      expect((await browsers[email]!.get(`/funding/${award}/renew`)).status, email).toBe(404);
      expect((await browsers[email]!.post(`/funding/${award}/renew`, body)).status, email).toBe(404);
    }
    expect((await senco().post("/funding/HNF-2026-99999/renew", body)).status).toBe(404);
    expect((await senco().post(`/funding/${award}/renew`, { idempotencyKey: "short" })).status).toBe(400);
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("renews_request_id", "=", (await row(award)).id).execute()).toHaveLength(0);
  });

  it("leaves nothing half-saved when the renewal fails part way", async () => {
    const award = await seeded(await newPupil(), "approved", { start: `${FY - 1}-09-01`, end: `${FY}-03-31` });
    const actor = await actorForEmail(t.database.db, "senco@oakfield.example");
    // The plan's lines cannot be written: the whole renewal (its row, its reference number, its event) is undone.
    const failLines: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table?: { identifier?: { name?: string } } } };
        if (node.kind === "InsertQueryNode" && node.into?.table?.identifier?.name === "funding_request_lines") throw new Error("disk full");
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counters = await t.database.db.selectFrom("reference_counters").selectAll().execute();
    await expect(renewRequest(t.database.db.withPlugin(failLines), actor, award, { idempotencyKey: "half-saved-0123456789abcdef" }, "test")).rejects.toThrow("disk full");
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("renews_request_id", "=", (await row(award)).id).execute()).toHaveLength(0);
    expect(await t.database.db.selectFrom("reference_counters").selectAll().execute()).toEqual(counters);
    // Once the fault is gone, it works.
    expect(await renewRequest(t.database.db, actor, award, { idempotencyKey: "half-saved-0123456789abcdef" }, "test")).toMatchObject({ ok: true });
  });

  it("opens three months before the award ends, and stays open after it has ended", () => {
    expect(renewableFrom("2027-03-31")).toBe("2026-12-31");
    expect(renewableFrom("2027-05-31")).toBe("2027-02-28");
    expect(renewableFrom("2026-02-15")).toBe("2025-11-15");
    const award = { status: "approved" as const, awardEnd: "2027-03-31", renewedBy: null };
    expect(renewalRefusal(award, "2026-12-30", String)).toMatch(/^You can apply again from 2026-12-31/);
    expect(renewalRefusal(award, "2026-12-31", String)).toBeNull();
    expect(renewalRefusal(award, "2028-06-01", String)).toBeNull();
    expect(renewalRefusal({ ...award, status: "partly_approved" }, "2027-01-10", String)).toBeNull();
    expect(renewalRefusal({ ...award, renewedBy: "HNF-2027-00001" }, "2027-01-10", String)).toMatch(/already been renewed/);
  });
});

describe("what people are told", () => {
  it("says what changed, in words, by reference, and never names the child", async () => {
    const pupil = await newPupil();
    const reference = await sentFor(pupil);
    const outbox = async () => t.database.db.selectFrom("email_outbox").select(["subject", "body"]).where("link", "=", `/funding/${reference}`).orderBy("id").execute();
    expect((await head().post(`/funding/${reference}/sign-off`, { intent: "sign_off", version: String((await row(reference)).version), declaration: "confirmed" })).status).toBe(302);
    const officer = browsers["officer@kent.example"]!;
    const reason = (await t.database.db.selectFrom("decision_reasons").select("id").where("active", "=", true).orderBy("sort_order").executeTakeFirstOrThrow()).id;
    const decided = await officer.post(`/funding/${reference}/decide`, {
      version: String((await row(reference)).version),
      outcome: "partly_approved",
      awarded: "5,000",
      reasonId: String(reason),
      reasonText: "",
    });
    expect(decided.status).toBe(302);
    const emails = await outbox();
    const subjects = emails.map((e) => e.subject);
    expect(subjects).toContain(`Funding request ${reference}: waiting for your sign-off`);
    expect(subjects).toContain(`Funding request ${reference}: signed off and sent to the council`);
    expect(subjects).toContain(`Funding request ${reference}: partly approved`);
    expect(emails.map((e) => e.body)).toContain(`Funding request ${reference} was partly approved by the council.`);
    expect(JSON.stringify(emails)).not.toMatch(/Quinn|Schoolside/);
  });
});

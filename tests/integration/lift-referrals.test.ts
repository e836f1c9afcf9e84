import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { exeBytes, multipart, pdfBytes } from "../setup/documents.ts";
import { createLiftMeeting, createLiftReferral } from "../setup/stls.ts";

// A SENCO's LIFT referrals through the pages (ADR 44): starting a draft for a pupil of the register (another
// school's pupil refused), saving sections without losing what was typed, uploading the signed Agreement to
// Engage, sending; and who sees what: the school's staff their own, the district's STLS teacher the sent ones (a
// draft, or another district's, is 404), officers none of it.

const t = seededApp();
const browsers: Record<string, Browser> = {};

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "senco@riverside.example", "stls@kent.example", "officer@kent.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
});

const senco = () => browsers["senco@oakfield.example"]!;
const pupilId = async (first: string, last: string) =>
  String((await t.database.db.selectFrom("pupils").select("id").where("first_name", "=", first).where("last_name", "=", last).executeTakeFirstOrThrow()).id);
const referral = (reference: string) => t.database.db.selectFrom("lift_referrals").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
const keyOf = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!;

async function startDraft(first = "Isla", last = "Foster") {
  const page = await senco().get("/lift/referrals/new");
  const reply = await senco().post("/lift/referrals/new", { idempotencyKey: keyOf(page.text, "idempotencyKey"), pupilId: await pupilId(first, last) });
  expect(reply.status).toBe(302);
  return /^\/lift\/referrals\/(LIFT-\d{4}-\d{5,})\?done=started$/.exec(reply.location ?? "")![1]!;
}

async function uploadAgreement(reference: string, file: { filename: string; bytes: Uint8Array }) {
  const page = await senco().get(`/lift/referrals/${reference}/documents/new`);
  const { body, contentType } = multipart([
    { name: "csrf", value: await senco().csrfToken() },
    { name: "uploadKey", value: keyOf(page.text, "uploadKey") },
    { name: "file", filename: file.filename, type: "application/pdf", bytes: file.bytes },
  ]);
  return senco().request("POST", `/lift/referrals/${reference}/documents/new`, { body, headers: { "Content-Type": contentType, Origin: senco().baseUrl } });
}

describe("starting a referral", () => {
  it("makes one draft per form, for a pupil of the school's register", async () => {
    const page = await senco().get("/lift/referrals/new");
    expect(page.status).toBe(200);
    const fields = { idempotencyKey: keyOf(page.text, "idempotencyKey"), pupilId: await pupilId("Leo", "Kemp") };
    const first = await senco().post("/lift/referrals/new", fields);
    const again = await senco().post("/lift/referrals/new", fields);
    expect(first.status).toBe(302);
    expect(again.location).toBe(first.location);
    const reference = /LIFT-\d{4}-\d{5,}/.exec(first.location!)![0];
    expect((await referral(reference)).status).toBe("draft");
    expect(mainText((await senco().get(first.location!)).text)).toContain("You have completed 0 of 3 tasks.");
  });

  it("refuses another school's pupil, saving nothing", async () => {
    const before = await t.database.db.selectFrom("lift_referrals").select("id").execute();
    const page = await senco().get("/lift/referrals/new");
    const reply = await senco().post("/lift/referrals/new", { idempotencyKey: keyOf(page.text, "idempotencyKey"), pupilId: await pupilId("Sophie", "Dunn") });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("Select a pupil on your school's register");
    expect(await t.database.db.selectFrom("lift_referrals").select("id").execute()).toHaveLength(before.length);
  });
});

describe("the draft's sections", () => {
  it("saves what can be stored, keeps what was typed against its error, and refuses a future date", async () => {
    const reference = await startDraft();
    const version = String((await referral(reference)).version);
    const tooLong = "x".repeat(4001);
    const reply = await senco().post(`/lift/referrals/${reference}/edit/request`, {
      version,
      intent: "save",
      discipline: "Cognition and learning",
      coreStandardsTried: "Precision teaching for a term.",
      question: tooLong,
    });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("The question for LIFT must be 4,000 characters or fewer");
    expect(reply.text).toContain(tooLong);
    const saved = await referral(reference);
    expect(saved).toMatchObject({ discipline: "Cognition and learning", core_standards_tried: "Precision teaching for a term.", question: null });

    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const date = await senco().post(`/lift/referrals/${reference}/edit/agreement`, {
      version: String(saved.version),
      intent: "continue",
      agreementSignedBy: "Jo Foster (mother)",
      "agreementSignedOn.day": String(tomorrow.getUTCDate()),
      "agreementSignedOn.month": String(tomorrow.getUTCMonth() + 1),
      "agreementSignedOn.year": String(tomorrow.getUTCFullYear()),
    });
    expect(date.status).toBe(400);
    expect(mainText(date.text)).toContain("The date the Agreement to Engage was signed must be today or in the past");
    expect((await referral(reference)).agreement_signed_by).toBe("Jo Foster (mother)");
    // A discipline not on the list, or a form sent against an old version, is refused.
    const stale = await senco().post(`/lift/referrals/${reference}/edit/request`, { version, intent: "save", question: "Something else" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record while you were working on it");
  });

  it("offers only the school's group's meetings whose papers are not yet due, and refuses another group's", async () => {
    const reference = await startDraft();
    const open = await createLiftMeeting(t.database.db, { startsInDays: 45 });
    const late = await createLiftMeeting(t.database.db, { startsInDays: 4, papersDueInDays: -1 });
    const riverside = await createLiftMeeting(t.database.db, { startsInDays: 45, schoolUrn: "990002" });
    const page = await senco().get(`/lift/referrals/${reference}/edit/meeting`);
    expect(page.text).toContain(`value="${open}"`);
    expect(page.text).not.toContain(`value="${late}"`);
    expect(page.text).not.toContain(`value="${riverside}"`);
    expect(mainText(page.text)).toMatch(/Papers due \d+ \w+ \d{4}\. Your school has used \d of 3 places/);
    const version = String((await referral(reference)).version);
    const refused = await senco().post(`/lift/referrals/${reference}/edit/meeting`, { version, intent: "continue", meetingId: String(riverside) });
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain("Select a meeting of Maidstone North LIFT, the LIFT group serving your school");
    expect((await referral(reference)).meeting_id).toBeNull();
    const papersDue = await senco().post(`/lift/referrals/${reference}/edit/meeting`, { version, intent: "continue", meetingId: String(late) });
    expect(mainText(papersDue.text)).toMatch(/Papers for the meeting on .* were due on .*\. The next meeting open for referrals is on /);
    const chosen = await senco().post(`/lift/referrals/${reference}/edit/meeting`, { version, intent: "continue", meetingId: String(open) });
    expect(chosen.status).toBe(302);
    expect((await referral(reference)).meeting_id).toBe(open);
  });
});

describe("sending through the pages", () => {
  it("refuses without the Agreement to Engage, then sends once it is uploaded", async () => {
    const meeting = await createLiftMeeting(t.database.db, { startsInDays: 52 });
    const { reference, id } = await createLiftReferral(t.database.db, { status: "draft", agreement: false, meetingId: meeting, pupil: ["Ava", "Quinn"] });
    const check = await senco().get(`/lift/referrals/${reference}/check`);
    expect(mainText(check.text)).toContain("Upload the parents' signed Agreement to Engage");
    const refused = await senco().post(`/lift/referrals/${reference}/check`, { version: keyOf(check.text, "version"), intent: "send" });
    expect(refused.status).toBe(400);
    expect(title(refused.text)).toMatch(/^Error: /);
    expect(mainText(refused.text)).toContain("Upload the parents' signed Agreement to Engage");
    expect((await referral(reference)).status).toBe("draft");

    const wrongType = await uploadAgreement(reference, { filename: "agreement.pdf", bytes: exeBytes() });
    expect(wrongType.status).toBe(400);
    expect(await t.database.db.selectFrom("lift_referral_documents").select("id").where("lift_referral_id", "=", id).execute()).toHaveLength(0);
    const uploaded = await uploadAgreement(reference, { filename: "Agreement signed.pdf", bytes: pdfBytes() });
    expect(uploaded.status).toBe(302);
    // The upload page shows no pupil: drawing it is not audited as a view of one; it knows there is a document to replace.
    const pupil = String((await referral(reference)).pupil_id);
    const pupilViews = async () => (await t.database.db.selectFrom("audit_events").select("id").where("action", "=", "pupil.view").where("subject_id", "=", pupil).execute()).length;
    const viewsBefore = await pupilViews();
    const again = await senco().get(`/lift/referrals/${reference}/documents/new`);
    expect(again.status).toBe(200);
    expect(mainText(again.text)).toContain("It replaces the one uploaded before");
    expect(await pupilViews()).toBe(viewsBefore);
    const checked = await senco().get(`/lift/referrals/${reference}/check`);
    expect(mainText(checked.text)).toContain("Agreement signed.pdf");
    const sent = await senco().post(`/lift/referrals/${reference}/check`, { version: keyOf(checked.text, "version"), intent: "send" });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`/lift/referrals/${reference}?done=sent`);
    expect((await referral(reference)).status).toBe("sent");
    const notice = await t.database.db.selectFrom("email_outbox").selectAll().where("link", "=", `/lift/referrals/${reference}`).executeTakeFirstOrThrow();
    expect(`${notice.subject} ${notice.body}`).not.toMatch(/Ava|Quinn/);
  });
});

describe("who sees a referral", () => {
  it("shows a sent referral to its school and the district's STLS teacher, with its document; 404 for everyone else", async () => {
    const { reference, id } = await createLiftReferral(t.database.db, { status: "sent", pupil: ["Noah", "Bennett"] });
    const stls = await browsers["stls@kent.example"]!.get(`/lift/referrals/${reference}`);
    expect(stls.status).toBe(200);
    const text = mainText(stls.text);
    expect(text).toContain("Noah Bennett");
    expect(text).toContain("Year group 5");
    expect(text).toContain("Record the outcome");
    expect(text).not.toContain("Withdraw this referral");
    expect((await browsers["head@oakfield.example"]!.get(`/lift/referrals/${reference}`)).status).toBe(200);
    for (const email of ["senco@riverside.example", "officer@kent.example"]) {
      expect((await browsers[email]!.get(`/lift/referrals/${reference}`)).status, email).toBe(404);
    }
    expect((await browsers["officer@kent.example"]!.get("/lift/referrals")).status).toBe(404);
    const document = await t.database.db.selectFrom("lift_referral_documents").select("id").where("lift_referral_id", "=", id).executeTakeFirstOrThrow();
    const download = await browsers["stls@kent.example"]!.get(`/lift/referrals/${reference}/documents/${document.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=agreement-to-engage.pdf");
    expect(download.headers.get("cache-control")).toBe("no-store");
    expect((await browsers["senco@riverside.example"]!.get(`/lift/referrals/${reference}/documents/${document.id}`)).status).toBe(404);
  });

  it("keeps drafts from the STLS teacher, and another district's referrals from them altogether", async () => {
    const draft = await createLiftReferral(t.database.db, { status: "draft", pupil: ["Leo", "Kemp"] });
    const thanet = await createLiftReferral(t.database.db, { status: "sent", schoolUrn: "990002", pupil: ["Kai", "Edwards"] });
    const stls = browsers["stls@kent.example"]!;
    expect((await stls.get(`/lift/referrals/${draft.reference}`)).status).toBe(404);
    expect((await stls.get(`/lift/referrals/${thanet.reference}`)).status).toBe(404);
    const list = mainText((await stls.get("/lift/referrals")).text);
    expect(list).not.toContain(draft.reference);
    expect(list).not.toContain(thanet.reference);
    expect(list).not.toContain("Kai Edwards");
    // The school's list has every state, filtered by state.
    const drafts = mainText((await senco().get("/lift/referrals?status=draft")).text);
    expect(drafts).toContain(draft.reference);
    expect(drafts).not.toContain(thanet.reference);
    const sentOnes = mainText((await senco().get("/lift/referrals?status=sent")).text);
    expect(sentOnes).not.toContain(draft.reference);
    // The register is still the school's alone.
    expect((await stls.get(`/pupils/${await pupilId("Leo", "Kemp")}`)).status).toBe(404);
  });
});

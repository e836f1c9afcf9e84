import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import type { Database } from "../../db/types.ts";
import { CHUNK_BYTES } from "../../app/domain/files/file-store.server.ts";
import { makeUpn } from "../../app/domain/pupils/upn.ts";
import { nextReference } from "../../app/domain/references.server.ts";
import { anonymisePupil } from "../../app/domain/retention/anonymise.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { createChampionVisit } from "../setup/champions.ts";
import { pdfBytes } from "../setup/documents.ts";
import { ACCOUNTS } from "../setup/inventory.ts";
import { createInvolvement, createLiftReferral, createStlsSlot, createVisit, schoolId, userId } from "../setup/stls.ts";

// Subject access (issue 12, ADR 63): a council officer finds one pupil and downloads everything the portal holds
// about them as a ZIP (summary.html, data.json, the documents); the export is audited naming the pupil by id only;
// nothing of another pupil, at the same school or another, is in it; every other role gets 404; an anonymised
// pupil is found only by record number and the bundle says so.

const t = seededApp();
const db = () => t.database.db;
type DB = Kysely<Database>;

async function addPupil(urn: string, first: string, last: string, serial: string, dateLeft: string | null = null) {
  return db()
    .insertInto("pupils")
    .values({
      school_id: await schoolId(db(), urn),
      first_name: first,
      last_name: last,
      date_of_birth: "2008-03-14",
      upn: makeUpn(`886211${serial.padStart(6, "0")}`),
      year_group: "5",
      sen_provision: "K",
      primary_need: "SPLD",
      date_added: "2012-09-01",
      date_left: dateLeft,
    })
    .returning(["id", "upn"])
    .executeTakeFirstOrThrow();
}

/**
 * A stored file of its own bytes (distinct per call, so a byte-for-byte check means something), kept in the file
 * store's 256 KiB chunks; its key.
 */
async function storedFile(db: DB, marker: string, size = 3000) {
  const bytes = Buffer.concat([Buffer.from(pdfBytes(size)), Buffer.from(`\n% ${marker}\n`), randomBytes(64)]);
  const key = randomUUID();
  await db.insertInto("stored_files").values({ storage_key: key, byte_size: bytes.length, complete: true }).execute();
  for (let seq = 0; seq * CHUNK_BYTES < bytes.length; seq++) {
    await db.insertInto("stored_file_chunks").values({ storage_key: key, seq, bytes: bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES) }).execute();
  }
  return { key, bytes };
}

/** A decided funding request about the pupil with a plan, timeline, decision, review, case note and a document. */
async function decidedRequest(urn: string, pupilId: number, name: string, fileName: string, fileSize?: number) {
  const school = await schoolId(db(), urn);
  const senco = await userId(db(), urn === "990001" ? "senco@oakfield.example" : "senco@riverside.example");
  const officer = await userId(db(), "officer@kent.example");
  const scheme = await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
  const request = await db()
    .insertInto("funding_requests")
    .values({
      reference: await nextReference(db(), "HNF"),
      school_id: school,
      scheme_id: scheme.id,
      pupil_id: pupilId,
      status: "approved",
      amount_requested_pence: 900_000,
      period_start: "2026-09-01",
      period_end: "2027-07-31",
      financial_year: 2026,
      evidence: JSON.stringify({ ehcp: `${name} has an EHC plan` }),
      awarded_pence: 900_000,
      created_by: senco,
      submitted_at: new Date("2026-08-01T10:00:00Z"),
      decided_at: new Date("2026-08-20T10:00:00Z"),
      idempotency_key: randomBytes(16).toString("hex"),
      consent_given_by: `${name}'s mother`,
      consent_date: "2026-07-01",
      consent_method: "in_writing",
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  await db().insertInto("funding_request_lines").values({ funding_request_id: request.id, position: 1, description: `Reading for ${name}`, delivered_by: "Teaching assistant", hours_per_week: 5, weeks: 38, cost_pence: 900_000 }).execute();
  await db()
    .insertInto("funding_request_events")
    .values({ funding_request_id: request.id, actor_user_id: senco, actor_role: "senco", action: "sent_to_headteacher", from_status: "draft", to_status: "awaiting_headteacher", comment: `${name} needs this urgently` })
    .execute();
  const decision = await db()
    .insertInto("funding_decisions")
    .values({ funding_request_id: request.id, outcome: "approved", awarded_pence: 900_000, reason_text: `Evidence for ${name} is strong`, decided_by: officer })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db().insertInto("funding_case_notes").values({ funding_request_id: request.id, author_user_id: officer, body: `Spoke to the SENCO about ${name}`, submission_digest: "a".repeat(64) }).execute();
  const review = await db()
    .insertInto("funding_reviews")
    .values({ funding_request_id: request.id, decision_id: decision.id, number: 1, due_on: "2026-12-01", status: "recorded", progress: `${name} reads at age level now`, provision_continues: true, recorded_by: senco, recorded_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db().insertInto("funding_review_events").values({ funding_review_id: review.id, actor_user_id: senco, actor_role: "senco", action: "recorded", from_status: "due", to_status: "recorded", comment: `${name} did well in review` }).execute();
  const file = await storedFile(db(), name, fileSize);
  const document = await db()
    .insertInto("funding_request_documents")
    .values({
      funding_request_id: request.id,
      title: `${name} psychologist report`,
      evidence_key: "ehcp",
      file_name: fileName,
      media_type: "application/pdf",
      extension: "pdf",
      byte_size: file.bytes.length,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      storage_key: file.key,
      upload_key: randomBytes(16).toString("hex"),
      uploaded_by: senco,
      uploaded_role: "senco",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ...request, documentId: document.id, bytes: file.bytes };
}

/** The bundle's entries: name and bytes, read with yauzl. */
async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on("data", (c: Buffer) => parts.push(c));
        stream.on("end", () => {
          entries.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return entries;
}

/** GET as the signed-in browser, the body as bytes. */
async function download(browser: Browser, path: string) {
  const response = await fetch(browser.baseUrl + path, { redirect: "manual", headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The search page's results, after its form (whose school list names every school). */
const results = (html: string) => mainText(html).split("Find pupils")[1] ?? "";

async function signedIn(email: string) {
  const browser = new Browser(t.app.baseUrl);
  await browser.signIn(email);
  return browser;
}

describe("subject access", () => {
  it("finds a pupil, and bundles everything held about them and nothing about anyone else, audited by id", async () => {
    const orla = await addPupil("990001", "Orla", "Quennell", "701");
    const wren = await addPupil("990001", "Wren", "Abernathy", "702");
    // Another pupil of the same name at another school: none of theirs is in Orla's bundle.
    const namesake = await addPupil("990002", "Orla", "Quennell", "703");
    const request = await decidedRequest("990001", orla.id, "Orla Quennell", "Orla/Quennell: report.pdf", 700_000); // three chunks
    const wrenRequest = await decidedRequest("990001", wren.id, "Wren Abernathy", "wren.pdf");
    const namesakeRequest = await decidedRequest("990002", namesake.id, "Orla Quennell", "namesake.pdf");
    const referral = await createLiftReferral(db(), { pupil: ["Orla", "Quennell"] });
    const involvement = await createInvolvement(db(), referral.id);
    await db().updateTable("lift_outcomes").set({ advice: "Observe Orla in class" }).where("id", "=", involvement).execute();
    const slot = await createStlsSlot(db(), { startsInDays: -3, time: "07:00" });
    await createVisit(db(), slot, involvement, { status: "done", note: "Orla responded well to precision teaching" });
    const wrenReferral = await createLiftReferral(db(), { pupil: ["Wren", "Abernathy"] });
    const { visitId } = await createChampionVisit(db(), {
      urn: "990001",
      actions: [
        { description: "Agree Orla Quennell's reading targets with her parents", owner: "school", dueOn: "2026-12-20" },
        { description: "Review the school's SEN information report", owner: "school", dueOn: "2026-12-20" },
      ],
    });
    // A view of the pupil by the school's SENCO, as the record page writes it.
    const senco = await userId(db(), "senco@oakfield.example");
    await db().insertInto("audit_events").values({ actor_user_id: senco, actor_role: "senco", actor_org: "school:990001", action: "pupil.view", subject_type: "pupil", subject_id: String(orla.id), request_id: "test" }).execute();
    await db().insertInto("audit_events").values({ actor_user_id: senco, actor_role: "senco", actor_org: "school:990001", action: "pupil.view", subject_type: "pupil", subject_id: String(wren.id), request_id: "test-wren" }).execute();

    const officer = await signedIn("officer@kent.example");
    const page = await officer.get("/council/subject-access");
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Name, UPN or record number");

    const empty = await officer.get("/council/subject-access?q=&school=");
    expect(title(empty.text)).toMatch(/^Error: /);
    expect(mainText(empty.text)).toContain("Enter the pupil's name, UPN or record number");

    const byName = results((await officer.get("/council/subject-access?q=quennell&school=")).text);
    expect(byName).toContain("2 pupils found");
    expect(byName).toContain("Oakfield");
    expect(byName).toContain("Riverside Academy");
    const bySchool = results((await officer.get("/council/subject-access?q=Orla+Quennell&school=990001")).text);
    expect(bySchool).toContain("1 pupil found");
    expect(bySchool).not.toContain("Riverside Academy");
    const byUpn = mainText((await officer.get(`/council/subject-access?q=${orla.upn!.toLowerCase()}`)).text);
    expect(byUpn).toContain("1 pupil found");
    expect(byUpn).toContain("Orla Quennell");
    expect(mainText((await officer.get("/council/subject-access?q=Zebedee")).text)).toContain("No pupil matches");

    const pupilPage = await officer.get(`/council/subject-access/${orla.id}`);
    expect(pupilPage.status).toBe(200);
    const pupilText = mainText(pupilPage.text);
    expect(pupilText).toContain("Orla Quennell");
    expect(pupilText).toContain("1 funding request");
    expect(pupilText).toContain("1 LIFT referral");
    expect(pupilText).toContain("1 specialist visit");
    expect(pupilText).toContain("1 champion visit action");
    expect(pupilText).toContain("2 documents");
    // Each search that listed her (name twice, UPN once), then her page: every showing of her name is audited.
    const viewed = await db().selectFrom("audit_events").select(["detail", "actor_role"]).where("action", "=", "pupil.view").where("subject_id", "=", String(orla.id)).where("actor_role", "=", "council_officer").orderBy("id").execute();
    expect(viewed).toEqual([
      ...Array.from({ length: 3 }, () => ({ actor_role: "council_officer", detail: { via: "subject access search" } })),
      { actor_role: "council_officer", detail: { via: "subject access" } },
    ]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "pupil.view").where("subject_id", "=", String(wren.id)).where("actor_role", "=", "council_officer").execute()).toEqual([]);

    const reply = await download(officer, `/council/subject-access/${orla.id}/bundle`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/zip");
    expect(reply.headers.get("content-disposition")).toBe(`attachment; filename=subject-access-pupil-${orla.id}-${londonToday()}.zip`);
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");

    const entries = await unzip(reply.bytes);
    const liftDocument = await db().selectFrom("lift_referral_documents").select(["id", "file_name", "storage_key"]).where("lift_referral_id", "=", referral.id).executeTakeFirstOrThrow();
    const liftBytes = Buffer.concat((await db().selectFrom("stored_file_chunks").select("bytes").where("storage_key", "=", liftDocument.storage_key).orderBy("seq").execute()).map((c) => Buffer.from(c.bytes)));
    const requestPath = `documents/${request.reference}/${request.documentId}-Orla_Quennell_ report.pdf`;
    const liftPath = `documents/${referral.reference}/${liftDocument.id}-${liftDocument.file_name}`;
    expect([...entries.keys()].sort()).toEqual(["data.json", liftPath, requestPath, "summary.html"].sort());
    // The documents, byte for byte.
    expect(entries.get(requestPath)!.equals(request.bytes)).toBe(true);
    expect(entries.get(liftPath)!.equals(liftBytes)).toBe(true);

    const html = entries.get("summary.html")!.toString("utf8");
    for (const heading of ["Register record", "Register history", "Funding requests", "LIFT referrals", "Specialist visits", "Champion visit actions", "Who saw or changed these records"]) {
      expect(html, heading).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(html).toContain("Orla Quennell");
    expect(html).toContain("Orla Quennell&#39;s mother");
    expect(html).toContain("Observe Orla in class");
    expect(html).toContain("Agree Orla Quennell&#39;s reading targets");

    const data = JSON.parse(entries.get("data.json")!.toString("utf8"));
    expect(data.pupil).toMatchObject({ id: orla.id, firstName: "Orla", lastName: "Quennell", upn: orla.upn, anonymisedAt: null, school: { urn: "990001" } });
    expect(data.fundingRequests).toHaveLength(1);
    const funding = data.fundingRequests[0];
    expect(funding.reference).toBe(request.reference);
    expect(funding.timeline.map((e: { comment: string }) => e.comment)).toContain("Orla Quennell needs this urgently");
    expect(funding.decisions[0]).toMatchObject({ outcome: "approved", reasonText: "Evidence for Orla Quennell is strong", decidedBy: expect.any(String) });
    expect(funding.reviews[0]).toMatchObject({ progress: "Orla Quennell reads at age level now", timeline: [expect.objectContaining({ comment: "Orla Quennell did well in review" })] });
    expect(funding.caseNotes[0].body).toBe("Spoke to the SENCO about Orla Quennell");
    expect(funding.documents[0]).toMatchObject({ fileName: "Orla/Quennell: report.pdf", path: requestPath, sha256: createHash("sha256").update(request.bytes).digest("hex") });
    expect(data.liftReferrals.map((l: { reference: string }) => l.reference)).toEqual([referral.reference]);
    expect(data.liftReferrals[0].outcomes[0].advice).toBe("Observe Orla in class");
    expect(data.specialistVisits).toHaveLength(1);
    expect(data.specialistVisits[0].outcomeNote).toBe("Orla responded well to precision teaching");
    expect(data.championVisitActions.map((a: { description: string }) => a.description)).toEqual(["Agree Orla Quennell's reading targets with her parents"]);
    expect(data.accessLog).toContainEqual(expect.objectContaining({ action: "pupil.view", role: "senco", by: "Priya Shah", record: `pupil ${orla.id}` }));
    expect(data.accessLog).toContainEqual(expect.objectContaining({ action: "pupil.view", role: "council_officer", record: `pupil ${orla.id}` }));

    // Nothing of another pupil: the same school's, or a namesake's at another school.
    const everything = [...entries.values()].map((b) => b.toString("latin1")).join("\n");
    for (const other of ["Wren", "Abernathy", wrenRequest.reference, wrenReferral.reference, namesakeRequest.reference, wren.upn!, namesake.upn!, "Riverside Academy", "test-wren", `pupil ${wren.id}`, "Review the school's SEN information report"]) {
      expect(everything, other).not.toContain(other);
    }
    expect(visitId).toBeGreaterThan(0);

    // The export is audited: who, when, which pupil (by id only, as the rest of the log).
    const exported = await db().selectFrom("audit_events").selectAll().where("action", "=", "pupil.subject_access_export").execute();
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ actor_role: "council_officer", actor_org: "county", subject_type: "pupil", subject_id: String(orla.id) });
    expect(exported[0]!.detail).toEqual({ fundingRequests: 1, liftReferrals: 1, specialistVisits: 1, documents: 2 });
    expect(JSON.stringify(exported[0])).not.toMatch(/Orla|Quennell|88621/);
    // The admin's log says it in words.
    const admin = await signedIn("admin@kent.example");
    expect(mainText((await admin.get("/admin/audit?action=pupil.subject_access_export")).text)).toContain("Downloaded everything held about a pupil (subject access)");
  });

  it("refuses every other role with the portal's 404, and writes nothing", async () => {
    const pupil = await db().selectFrom("pupils").select("id").where("last_name", "=", "Hart").executeTakeFirstOrThrow();
    const before = await db().selectFrom("audit_events").select("id").where("action", "=", "pupil.subject_access_export").execute();
    for (const account of ACCOUNTS.filter((a) => a.role !== "council_officer")) {
      const browser = await signedIn(account.email);
      for (const path of ["/council/subject-access", "/council/subject-access?q=Hart", `/council/subject-access/${pupil.id}`]) {
        const reply = await browser.get(path);
        expect(reply.status, `${account.role} ${path}`).toBe(404);
        expect(reply.text).toContain("Page not found");
      }
      const bundle = await download(browser, `/council/subject-access/${pupil.id}/bundle`);
      expect(bundle.status, account.role).toBe(404);
      expect(bundle.bytes.toString("utf8")).toContain("Not found");
    }
    const anonymous = await new Browser(t.app.baseUrl).get(`/council/subject-access/${pupil.id}/bundle`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
    const officer = await signedIn("officer@kent.example");
    expect((await officer.get("/council/subject-access/999999999")).status).toBe(404);
    expect((await download(officer, "/council/subject-access/1e1/bundle")).status).toBe(404);
    const after = await db().selectFrom("audit_events").select("id").where("action", "=", "pupil.subject_access_export").execute();
    expect(after).toEqual(before);
  });

  it("finds an anonymised pupil only by record number, and the bundle says they were anonymised", async () => {
    const pupil = await addPupil("990001", "Ianto", "Merriweather", "704", "2019-07-20");
    const request = await decidedRequest("990001", pupil.id, "Ianto Merriweather", "ianto.pdf");
    await db().transaction().execute((trx) => anonymisePupil(trx, pupil.id, "2020-01-01", { id: 0, requestId: "test-retention", now: new Date() }));

    const officer = await signedIn("officer@kent.example");
    expect(mainText((await officer.get("/council/subject-access?q=Merriweather")).text)).toContain("No pupil matches");
    expect(mainText((await officer.get(`/council/subject-access?q=${pupil.upn}`)).text)).toContain("No pupil matches");
    expect(mainText((await officer.get("/council/subject-access?q=Anonymised")).text)).toContain("No pupil matches");
    const byId = mainText((await officer.get(`/council/subject-access?q=${pupil.id}`)).text);
    expect(byId).toContain("1 pupil found");
    expect(byId).toContain(`Anonymised pupil (record ${pupil.id})`);
    const page = mainText((await officer.get(`/council/subject-access/${pupil.id}`)).text);
    expect(page).toContain("records were anonymised");

    const reply = await download(officer, `/council/subject-access/${pupil.id}/bundle`);
    expect(reply.status).toBe(200);
    const entries = await unzip(reply.bytes);
    expect([...entries.keys()].sort()).toEqual(["data.json", "summary.html"]);
    const html = entries.get("summary.html")!.toString("utf8");
    expect(html).toContain(`Subject access: pupil record ${pupil.id} (anonymised)`);
    expect(html).toContain("records were anonymised on");
    const data = JSON.parse(entries.get("data.json")!.toString("utf8"));
    expect(data.pupil).toMatchObject({ id: pupil.id, firstName: "Anonymised", lastName: "pupil", upn: null, anonymisedAt: expect.any(String) });
    expect(data.fundingRequests.map((r: { reference: string }) => r.reference)).toEqual([request.reference]);
    expect(data.fundingRequests[0].documents).toEqual([]);
    expect(data.registerHistory.map((h: { action: string }) => h.action)).toContain("pupil.anonymised");
    expect([...entries.values()].map((b) => b.toString("utf8")).join("")).not.toMatch(/Ianto|Merriweather/);
  });
});

import type { KyselyPlugin } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { renewRequest } from "../../app/domain/funding/renewal.server.ts";
import { demoPdf, insertDemoDocument } from "../../db/seed/documents.ts";
import { type FundingSeed, evidenceFor, insertFundingRequests, typicalPlan } from "../../db/seed/funding.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";

// Issue 8, "Apply again" keeps the documents by reference (ADR 33): the renewal's draft lists the documents the
// award still had attached, each with its title and evidence item, naming the same stored file (no byte copied).
// Each request's row is its own: withdrawing one leaves the other; downloads are reached only through the request
// and audited under it; a withdrawn file is kept; a declined request is not renewed; nothing is half-saved.

const t = seededApp();
const browsers: Record<string, Browser> = {};
const ids = { oakfield: 0, hnf: 0, senco: 0, head: 0, officer: 0 };
const FY = (() => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const [y, m] = today.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
})();
/** Last year's award: ended, so it can be renewed. */
const LAST_YEAR = { start: `${FY - 1}-09-01`, end: `${FY}-03-31` };

beforeAll(async () => {
  for (const email of ["senco@oakfield.example", "head@oakfield.example", "officer@kent.example", "senco@riverside.example"]) {
    browsers[email] = new Browser(t.app.baseUrl);
    await browsers[email].signIn(email);
  }
  const db = t.database.db;
  const user = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  Object.assign(ids, {
    oakfield: (await db.selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow()).id,
    hnf: (await db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow()).id,
    senco: await user("senco@oakfield.example"),
    head: await user("head@oakfield.example"),
    officer: await user("officer@kent.example"),
  });
});

const senco = () => browsers["senco@oakfield.example"]!;
const riversideSenco = () => browsers["senco@riverside.example"]!;

let pupilCount = 0;
async function newPupil() {
  pupilCount += 1;
  const row = await t.database.db
    .insertInto("pupils")
    .values({ school_id: ids.oakfield, first_name: "Rowan", last_name: `Carried${pupilCount}`, date_of_birth: "2016-02-11", upn: null, year_group: "5", sen_provision: "K", primary_need: "SLCN", date_added: "2023-09-01" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function requestRow(reference: string) {
  return t.database.db.selectFrom("funding_requests").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
}

/** A request for a new pupil, written with its history as the seed writes them, with three documents: two attached, one withdrawn. */
async function withDocuments(status: FundingSeed["status"], period = LAST_YEAR) {
  const db = t.database.db;
  const scheme = await db.selectFrom("funding_schemes").select("evidence_checklist").where("id", "=", ids.hnf).executeTakeFirstOrThrow();
  const before = (await db.selectFrom("funding_requests").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0;
  await insertFundingRequests(db, [
    {
      schoolId: ids.oakfield,
      schemeId: ids.hnf,
      schemeCode: "HNF",
      pupilId: await newPupil(),
      status,
      sencoId: ids.senco,
      headId: ids.head,
      officerId: ids.officer,
      periodStart: period.start,
      periodEnd: period.end,
      requestedPence: 850_000,
      lines: typicalPlan(1_450_000),
      evidence: evidenceFor(scheme.evidence_checklist),
      startedAt: new Date(Date.now() - 400 * 86_400_000),
    },
  ]);
  const request = await db.selectFrom("funding_requests").select(["id", "reference"]).where("id", ">", before).executeTakeFirstOrThrow();
  const uploadedAt = new Date(Date.now() - 390 * 86_400_000);
  const add = (title: string, evidenceKey: string, withdrawn?: { by: number; reason: string }) =>
    insertDemoDocument(db, { fundingRequestId: request.id, title, evidenceKey, fileName: `${evidenceKey}.pdf`, bytes: demoPdf([`${title} for ${request.reference}`]), uploadedBy: ids.senco, uploadedAt, withdrawn });
  const map = await add("Provision map, last year", "personalised");
  const draft = await add("Therapy report (draft)", "external-professionals", { by: ids.senco, reason: "The final report replaces it" });
  const report = await add("Educational psychologist report", "external-professionals");
  return { reference: request.reference, id: request.id, documents: { map: map.id, draft: draft.id, report: report.id } };
}

async function documentsOf(requestId: number) {
  return t.database.db.selectFrom("funding_request_documents").selectAll().where("funding_request_id", "=", requestId).orderBy("id").execute();
}

async function counts() {
  const db = t.database.db;
  const n = async (table: "stored_files" | "stored_file_chunks" | "funding_request_documents" | "funding_requests") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  return { files: await n("stored_files"), chunks: await n("stored_file_chunks"), documents: await n("funding_request_documents"), requests: await n("funding_requests") };
}

async function audits(action: string) {
  return t.database.db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("id").execute();
}

async function download(browser: Browser, path: string) {
  const response = await fetch(t.app.baseUrl + path, { headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") }, redirect: "manual" });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function renew(reference: string) {
  const page = await senco().get(`/funding/${reference}/renew`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1]!;
  const reply = await senco().post(`/funding/${reference}/renew`, { idempotencyKey: key });
  expect(reply.status).toBe(302);
  return /^\/funding\/([^/]+)\/edit/.exec(reply.location!)![1]!;
}

describe("Apply again keeps the documents by reference", () => {
  it("lists the award's attached documents on the new draft, same title, evidence item and file, marked as carried over", async () => {
    const award = await withDocuments("approved");
    const page = await senco().get(`/funding/${award.reference}/renew`);
    expect(mainText(page.text)).toContain("the 2 documents still attached, kept as they are");
    const before = await counts();
    const renewal = await renew(award.reference);
    const renewalId = (await requestRow(renewal)).id;

    const originals = await documentsOf(award.id);
    const carried = await documentsOf(renewalId);
    // The two still attached, in order; not the withdrawn draft.
    expect(carried.map((d) => d.carried_from_document_id)).toEqual([award.documents.map, award.documents.report]);
    for (const document of carried) {
      const source = originals.find((o) => o.id === document.carried_from_document_id)!;
      expect(document).toMatchObject({
        title: source.title,
        evidence_key: source.evidence_key,
        file_name: source.file_name,
        media_type: source.media_type,
        byte_size: source.byte_size,
        sha256: source.sha256,
        storage_key: source.storage_key,
        uploaded_by: source.uploaded_by,
        withdrawn_at: null,
      });
      expect(document.id).not.toBe(source.id);
    }
    // By reference: two document rows more, no stored file or chunk more.
    expect(await counts()).toEqual({ ...before, requests: before.requests + 1, documents: before.documents + 2 });
    // The old request is as it was.
    expect(await documentsOf(award.id)).toEqual(originals);
    // Audited: one carrying over per document, and the renewal says how many.
    const carriedAudits = (await audits("funding_document.carry_over")).filter((a) => carried.some((d) => String(d.id) === a.subject_id));
    expect(carriedAudits.map((a) => a.detail)).toEqual(carried.map((d) => ({ reference: renewal, from: award.reference, fromDocument: d.carried_from_document_id })));
    const renewed = (await audits("funding_request.renew")).find((a) => a.subject_id === String(renewalId));
    expect(renewed!.detail).toEqual({ reference: renewal, renews: award.reference, documents: 2 });

    // The new draft's documents page: each carried over from the award, with its evidence item, downloadable.
    const list = await senco().get(`/funding/${renewal}/documents`);
    const text = mainText(list.text);
    expect(text.match(/Carried over from/g)).toHaveLength(2);
    expect(list.text).toContain(`Carried over from <a href="/funding/${award.reference}">${award.reference}</a>`);
    expect(text).toContain("Provision map, last year");
    expect(text).toContain("Educational psychologist report");
    expect(text).not.toContain("Therapy report (draft)");
    for (const document of carried) expect(list.text).toContain(`href="/funding/${renewal}/documents/${document.id}"`);
    // The draft's own pages list them too (check your answers).
    expect(mainText((await senco().get(`/funding/${renewal}/check`)).text)).toContain("Carried over from");
  });

  it("serves a carried document only through a request that holds it, to those who reach it, each download audited under it", async () => {
    const award = await withDocuments("partly_approved");
    const renewal = await renew(award.reference);
    const [map] = await documentsOf((await requestRow(renewal)).id);
    const original = await download(senco(), `/funding/${award.reference}/documents/${award.documents.map}`);
    const before = (await audits("funding_document.download")).length;
    const got = await download(senco(), `/funding/${renewal}/documents/${map!.id}`);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(original.bytes)).toBe(true);
    expect(got.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const downloads = (await audits("funding_document.download")).slice(before);
    expect(downloads.map((a) => [a.subject_id, a.detail])).toEqual([[String(map!.id), { reference: renewal }]]);
    // Another school's SENCO: 404 for the carried row and its source. A document id under the other request: 404.
    expect((await download(riversideSenco(), `/funding/${renewal}/documents/${map!.id}`)).status).toBe(404);
    expect((await download(riversideSenco(), `/funding/${award.reference}/documents/${award.documents.map}`)).status).toBe(404);
    expect((await download(senco(), `/funding/${award.reference}/documents/${map!.id}`)).status).toBe(404);
    expect((await download(senco(), `/funding/${renewal}/documents/${award.documents.map}`)).status).toBe(404);
    // The council does not see a draft, nor its documents.
    expect((await download(browsers["officer@kent.example"]!, `/funding/${renewal}/documents/${map!.id}`)).status).toBe(404);
    expect((await audits("funding_document.download")).length).toBe(before + 1);
  });

  it("withdraws a carried document from the new draft alone, and the other way round; the file is kept", async () => {
    const award = await withDocuments("approved");
    const renewal = await renew(award.reference);
    const [map, report] = await documentsOf((await requestRow(renewal)).id);
    const files = await counts();
    const withdrawn = await senco().post(`/funding/${renewal}/documents`, { documentId: String(map!.id), reason: "Out of date" });
    expect(withdrawn.location).toBe(`/funding/${renewal}/documents?done=withdrawn`);
    // Withdrawn from the draft: listed so, no longer served to the school there; the award's row untouched and served.
    expect((await documentsOf((await requestRow(renewal)).id))[0]!.withdrawn_reason).toBe("Out of date");
    expect((await download(senco(), `/funding/${renewal}/documents/${map!.id}`)).status).toBe(404);
    const source = (await documentsOf(award.id)).find((d) => d.id === award.documents.map)!;
    expect(source.withdrawn_at).toBeNull();
    expect((await download(senco(), `/funding/${award.reference}/documents/${award.documents.map}`)).status).toBe(200);
    // The file itself is kept: still complete, every chunk there, the row undeletable.
    expect(await counts()).toEqual(files);
    expect((await t.database.db.selectFrom("stored_files").select("complete").where("storage_key", "=", map!.storage_key).executeTakeFirstOrThrow()).complete).toBe(true);
    await expect(t.database.db.deleteFrom("funding_request_documents").where("id", "=", map!.id).execute()).rejects.toThrow(/kept for the audit trail/);

    // The other way round. A decided request's documents cannot be withdrawn through the portal (409), so its row
    // is marked withdrawn directly, as a correction would: the draft's copy is still attached and served.
    expect((await senco().post(`/funding/${award.reference}/documents`, { documentId: String(award.documents.report) })).status).toBe(409);
    await t.database.db.updateTable("funding_request_documents").set({ withdrawn_at: new Date(), withdrawn_by: ids.senco }).where("id", "=", award.documents.report).execute();
    expect((await download(senco(), `/funding/${award.reference}/documents/${award.documents.report}`)).status).toBe(404);
    const stillThere = await download(senco(), `/funding/${renewal}/documents/${report!.id}`);
    expect(stillThere.status).toBe(200);
    expect(mainText((await senco().get(`/funding/${renewal}/documents`)).text)).toContain("Educational psychologist report");
  });

  it("does not renew a declined request, so its documents go nowhere", async () => {
    const declined = await withDocuments("declined", { start: `${FY}-09-01`, end: `${FY + 1}-03-31` });
    const before = await counts();
    const reply = await senco().post(`/funding/${declined.reference}/renew`, { idempotencyKey: "declined-with-documents-0123456789" });
    expect(reply.status).toBe(409);
    expect(mainText(reply.text)).toContain("This request was declined, so it cannot be renewed");
    expect(await counts()).toEqual(before);
  });

  it("leaves nothing half-saved when the documents cannot be carried over", async () => {
    const award = await withDocuments("approved");
    const actor = await actorForEmail(t.database.db, "senco@oakfield.example");
    const failDocuments: KyselyPlugin = {
      transformQuery(args) {
        const node = args.node as { kind: string; into?: { table?: { identifier?: { name?: string } } } };
        if (node.kind === "InsertQueryNode" && node.into?.table?.identifier?.name === "funding_request_documents") throw new Error("disk full");
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const before = await counts();
    const counters = await t.database.db.selectFrom("reference_counters").selectAll().execute();
    const carriedBefore = (await audits("funding_document.carry_over")).length;
    await expect(renewRequest(t.database.db.withPlugin(failDocuments), actor, award.reference, { idempotencyKey: "carry-fails-0123456789abcdef" }, "test")).rejects.toThrow("disk full");
    // No renewal row, no plan, no reference number used, no document, no audit row.
    expect(await counts()).toEqual(before);
    expect(await t.database.db.selectFrom("reference_counters").selectAll().execute()).toEqual(counters);
    expect(await t.database.db.selectFrom("funding_requests").select("id").where("renews_request_id", "=", award.id).execute()).toHaveLength(0);
    expect((await audits("funding_document.carry_over")).length).toBe(carriedBefore);
    // Once the fault is gone, it works, with both documents.
    const done = await renewRequest(t.database.db, actor, award.reference, { idempotencyKey: "carry-fails-0123456789abcdef" }, "test");
    expect(done).toMatchObject({ ok: true });
    expect(await documentsOf((await requestRow((done as { reference: string }).reference)).id)).toHaveLength(2);
  });

  it("lets a stored file be named by several documents only as a carried copy of the same file", async () => {
    const award = await withDocuments("approved");
    const renewal = await renew(award.reference);
    const renewalId = (await requestRow(renewal)).id;
    const [map] = await documentsOf(renewalId);
    const other = (await documentsOf(award.id)).find((d) => d.id === award.documents.report)!;
    // A carried row must point at its source's file, and a request carries a document over once.
    await expect(
      t.database.db.updateTable("funding_request_documents").set({ storage_key: other.storage_key }).where("id", "=", map!.id).execute(),
    ).rejects.toThrow(/funding_request_documents_carried_from_fkey/);
    const { id: _id, ...copy } = map!;
    await expect(t.database.db.insertInto("funding_request_documents").values({ ...copy, upload_key: "another-upload-key-0123456789" }).execute()).rejects.toThrow(
      /funding_request_documents_carried_once/,
    );
  });
});

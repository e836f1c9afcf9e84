import { createHash } from "node:crypto";
import http from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { docxBytes, exeBytes, multipart, pdfBytes, pngBytes, upload, uploadKeyOf } from "../setup/documents.ts";
import { OAKFIELD, RIVERSIDE, requestOf } from "../setup/inventory.ts";
import { bodyLimitFor } from "../../app/auth/request-limits.ts";

// Issue 8, evidence documents (ADR 29): a SENCO attaches documents to a request while it is with the school; the
// type is read from the bytes; the file streams to PostgreSQL in chunks; it is served as an attachment only to
// people who may see the request, each download audited; a withdrawn document is kept but no longer served to
// the school. Bad input: too large, a renamed executable, empty, odd file names, cut off half-way, another
// school's document, no CSRF token, a form sent twice.

const t = seededApp();
let senco: Browser;
let head: Browser;
let officer: Browser;
let riversideSenco: Browser;

beforeAll(async () => {
  const signedIn = async (email: string) => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    return browser;
  };
  senco = await signedIn("senco@oakfield.example");
  head = await signedIn("head@oakfield.example");
  officer = await signedIn("officer@kent.example");
  riversideSenco = await signedIn("senco@riverside.example");
});

async function newDraft() {
  const scheme = await t.database.db.selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
  const reply = await senco.post("/funding/new", { schemeId: String(scheme.id), idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}` });
  return /^\/funding\/([A-Z]+-\d{4}-\d{5})\/edit/.exec(reply.location ?? "")![1]!;
}

async function documentsOf(reference: string) {
  return t.database.db
    .selectFrom("funding_request_documents")
    .innerJoin("funding_requests", "funding_requests.id", "funding_request_documents.funding_request_id")
    .selectAll("funding_request_documents")
    .where("funding_requests.reference", "=", reference)
    .orderBy("funding_request_documents.id")
    .execute();
}

async function storedFiles() {
  const rows = await t.database.db.selectFrom("stored_files").select(["complete"]).execute();
  const chunks = await t.database.db.selectFrom("stored_file_chunks").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { files: rows.length, incomplete: rows.filter((r) => !r.complete).length, chunks: Number(chunks.n) };
}

async function audits(action: string) {
  return t.database.db.selectFrom("audit_events").selectAll().where("action", "=", action).orderBy("id").execute();
}

async function download(browser: Browser, path: string) {
  const response = await fetch(t.app.baseUrl + path, { headers: { Cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") }, redirect: "manual" });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The page's error text for a refused upload. */
async function refusedWith(reply: { status: number; text: string }, status: number, message: string) {
  expect(reply.status).toBe(status);
  expect(title(reply.text)).toMatch(/^Error: Add a document/);
  expect(mainText(reply.text)).toContain(message);
}

describe("attaching a document", () => {
  it("streams a PDF in, lists it on the request's pages and serves it back as an attachment, audited", async () => {
    const reference = await newDraft();
    const page = await senco.get(`/funding/${reference}/documents/new`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form[^>]*enctype="multipart\/form-data"/i);
    expect(mainText(page.text)).toContain("smaller than 20 MB");
    const bytes = pdfBytes(600 * 1024); // three chunks
    const before = await audits("funding_document.add");
    const reply = await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), title: "EP report, March", evidenceKey: "external-professionals" }, { filename: "EP report.pdf", bytes, type: "application/pdf" });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/funding/${reference}/documents?done=added`);
    const [document, ...others] = await documentsOf(reference);
    expect(others).toHaveLength(0);
    expect(document).toMatchObject({ title: "EP report, March", evidence_key: "external-professionals", file_name: "EP report.pdf", extension: "pdf", media_type: "application/pdf", byte_size: bytes.length, withdrawn_at: null });
    expect(document!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    // Stored under a generated name, in chunks, and kept.
    expect(document!.storage_key).toMatch(/^[0-9a-f-]{36}$/);
    const chunks = await t.database.db.selectFrom("stored_file_chunks").select(["seq", "bytes"]).where("storage_key", "=", document!.storage_key).orderBy("seq").execute();
    expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.bytes))).equals(Buffer.from(bytes))).toBe(true);
    expect((await audits("funding_document.add")).length).toBe(before.length + 1);

    const list = await senco.get(`/funding/${reference}/documents?done=added`);
    expect(mainText(list.text)).toContain("The document has been added.");
    expect(mainText(list.text)).toContain("EP report, March");
    expect(mainText(list.text)).toContain("Needs have been identified with external professionals");
    // On the request page, check-your-answers and the evidence section's page too.
    expect(mainText((await senco.get(`/funding/${reference}`)).text)).toContain("EP report, March");
    expect(mainText((await senco.get(`/funding/${reference}/check`)).text)).toContain("EP report, March");
    expect(mainText((await senco.get(`/funding/${reference}/edit/evidence`)).text)).toContain("Add documents that support this evidence (1 added)");

    const file = await download(senco, `/funding/${reference}/documents/${document!.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="EP report.pdf"`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("cache-control")).toBe("no-store");
    expect(file.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(file.bytes).equals(Buffer.from(bytes))).toBe(true);
    const downloads = (await audits("funding_document.download")).filter((a) => a.subject_id === String(document!.id));
    expect(downloads).toHaveLength(1);
  });

  it("takes DOCX and PNG by their bytes, whatever they are called, and names them by what they are", async () => {
    const reference = await newDraft();
    expect((await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "provision map", bytes: docxBytes() })).status).toBe(302);
    expect((await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "photo.pdf", bytes: pngBytes() })).status).toBe(302);
    const documents = await documentsOf(reference);
    expect(documents.map((d) => [d.extension, d.file_name])).toEqual([
      ["docx", "provision map.docx"],
      ["png", "photo.png"],
    ]);
    const png = await download(senco, `/funding/${reference}/documents/${documents[1]!.id}`);
    expect(png.headers.get("content-type")).toBe("image/png");
  });

  it("counts a form sent twice once", async () => {
    const reference = await newDraft();
    const uploadKey = await uploadKeyOf(senco, reference);
    const file = { filename: "report.pdf", bytes: pdfBytes() };
    const [first, second] = await Promise.all([upload(senco, reference, { uploadKey }, file), upload(senco, reference, { uploadKey }, file)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect((await upload(senco, reference, { uploadKey }, file)).status).toBe(302);
    expect(await documentsOf(reference)).toHaveLength(1);
    expect((await storedFiles()).incomplete).toBe(0);
    const { files } = await storedFiles();
    const kept = await t.database.db.selectFrom("funding_request_documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    // The demo's LIFT referrals keep their signed Agreements to Engage in the same file store (ADR 44).
    const referralDocuments = await t.database.db.selectFrom("lift_referral_documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(files).toBe(Number(kept.n) + Number(referralDocuments.n));
  });
});

describe("refusing bad files", () => {
  let reference: string;
  beforeAll(async () => {
    reference = await newDraft();
  });

  it("refuses a file over 20 MB with a clear message, keeping the title, and stores nothing", async () => {
    const before = await storedFiles();
    const reply = await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), title: "Big scan" }, { filename: "scan.pdf", bytes: pdfBytes(21 * 1024 * 1024) });
    await refusedWith(reply, 400, "The selected file must be smaller than 20 MB");
    expect(reply.text).toContain('value="Big scan"');
    expect(await storedFiles()).toEqual(before);
    expect(await documentsOf(reference)).toHaveLength(0);
  }, 60_000);

  it("gives the upload page, and its data address (a form sent with JavaScript), the upload's own limit; no other page", () => {
    expect(bodyLimitFor("/funding/HNF-2026-00001/documents/new")).toBe(25 * 1024 * 1024);
    expect(bodyLimitFor("/funding/HNF-2026-00001/documents/new.data")).toBe(25 * 1024 * 1024);
    expect(bodyLimitFor("/funding/HNF-2026-00001/documents")).toBe(100 * 1024);
    expect(bodyLimitFor("/funding/HNF-2026-00001/documents/new/x")).toBe(100 * 1024);
    expect(bodyLimitFor("/funding//documents/new")).toBe(100 * 1024);
  });

  it("refuses a body far over the limit before reading it, saying why", async () => {
    const { body, contentType } = multipart([{ name: "file", filename: "huge.pdf", bytes: new Uint8Array(26 * 1024 * 1024) }]);
    const reply = await senco.request("POST", `/funding/${reference}/documents/new`, { body, headers: { "Content-Type": contentType, Origin: t.app.baseUrl } });
    expect(reply.status).toBe(413);
    expect(reply.text).toContain("Files must be smaller than 20 MB");
  });

  it("refuses a renamed executable, an empty file and no file at all, storing nothing", async () => {
    const before = await storedFiles();
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "report.pdf", bytes: exeBytes(), type: "application/pdf" }), 400, "The selected file must be a PDF, Word (DOCX), Excel (XLSX), JPEG or PNG");
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(512)]);
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "tool.png", bytes: elf }), 400, "The selected file must be a PDF");
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "empty.pdf", bytes: new Uint8Array(0) }), 400, "The selected file is empty");
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename: "", bytes: new Uint8Array(0) }), 400, "Select a file to add");
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, null), 400, "Select a file to add");
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), title: " " }, { filename: "a.pdf", bytes: pdfBytes() }), 400, "Enter a title for the document");
    await refusedWith(await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), evidenceKey: "not-an-item" }, { filename: "a.pdf", bytes: pdfBytes() }), 400, "Select which evidence the document supports");
    expect(await storedFiles()).toEqual(before);
    expect(await documentsOf(reference)).toHaveLength(0);
  });

  it("keeps only the last part of a file name, without invisible characters; refuses one it cannot read", async () => {
    const before = (await documentsOf(reference)).length;
    // As browsers send them: a quote as %22; a right-to-left override and a zero-width space as they are.
    const names = ["..\\..\\windows\\system32\\evil.pdf", "../../etc/passwd.pdf", "na\u202emegnp.pdf", "\u200b.pdf", "quote%22s; filename=x.pdf"];
    for (const filename of names) {
      expect((await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference) }, { filename, bytes: pdfBytes() })).status).toBe(302);
    }
    const documents = (await documentsOf(reference)).slice(before);
    expect(documents.map((d) => d.file_name)).toEqual(["evil.pdf", "passwd.pdf", "namegnp.pdf", "document.pdf", "quote%22s; filename=x.pdf"]);
    const file = await download(senco, `/funding/${reference}/documents/${documents[4]!.id}`);
    // One header, quoted: the name cannot add parameters of its own.
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="quote%22s; filename=x\.pdf"(; filename\*=UTF-8''quote%2522s%3B%20filename%3Dx\.pdf)?$/);
    // A control character in the name (sent raw by browsers): the page says so, nothing is stored.
    const stored = await storedFiles();
    const refused = await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), title: "Bell" }, { filename: "na\u0007me.pdf", bytes: pdfBytes() });
    await refusedWith(refused, 400, "The selected file's name could not be read");
    expect(refused.text).toContain('value="Bell"');
    expect(await storedFiles()).toEqual(stored);
  });

  it("stores nothing from an upload cut off half-way", async () => {
    const before = await storedFiles();
    const documentsBefore = (await documentsOf(reference)).length;
    const token = await senco.csrfToken();
    const { body, contentType } = multipart([
      { name: "csrf", value: token },
      { name: "uploadKey", value: await uploadKeyOf(senco, reference) },
      { name: "title", value: "Cut off" },
      { name: "evidenceKey", value: "other" },
      { name: "file", filename: "big.pdf", bytes: pdfBytes(3 * 1024 * 1024) },
    ]);
    const url = new URL(`/funding/${reference}/documents/new`, t.app.baseUrl);
    await new Promise<void>((resolve) => {
      const request = http.request(url, {
        method: "POST",
        headers: { "Content-Type": contentType, "Content-Length": String(body.length), Origin: t.app.baseUrl, Cookie: [...senco.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      request.on("error", () => resolve());
      request.on("response", () => resolve());
      request.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => request.destroy(), 300));
      request.on("close", () => resolve());
    });
    // The server notices the cut and removes what it had stored.
    let after = await storedFiles();
    for (let i = 0; i < 50 && JSON.stringify(after) !== JSON.stringify(before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await storedFiles();
    }
    expect(after).toEqual(before);
    expect(await documentsOf(reference)).toHaveLength(documentsBefore);
    // And the server still answers.
    expect((await senco.get(`/funding/${reference}/documents`)).status).toBe(200);
  });

  it("refuses an upload without its CSRF token, or with the token after the file (403), storing nothing", async () => {
    const before = await storedFiles();
    const documentsBefore = (await documentsOf(reference)).length;
    const uploadKey = await uploadKeyOf(senco, reference);
    expect((await upload(senco, reference, { uploadKey }, { filename: "a.pdf", bytes: pdfBytes() }, { csrf: null })).status).toBe(403);
    expect((await upload(senco, reference, { uploadKey }, { filename: "a.pdf", bytes: pdfBytes() }, { csrf: "x".repeat(43) })).status).toBe(403);
    const { body, contentType } = multipart([
      { name: "uploadKey", value: uploadKey },
      { name: "title", value: "Late token" },
      { name: "evidenceKey", value: "other" },
      { name: "file", filename: "a.pdf", bytes: pdfBytes() },
      { name: "csrf", value: await senco.csrfToken() },
    ]);
    expect((await senco.request("POST", `/funding/${reference}/documents/new`, { body, headers: { "Content-Type": contentType, Origin: t.app.baseUrl } })).status).toBe(403);
    // Two files, or a field after the file: refused, nothing kept.
    const twoFiles = multipart([
      { name: "csrf", value: await senco.csrfToken() },
      { name: "uploadKey", value: uploadKey },
      { name: "title", value: "Two" },
      { name: "evidenceKey", value: "other" },
      { name: "file", filename: "a.pdf", bytes: pdfBytes() },
      { name: "title", value: "After" },
    ]);
    expect((await senco.request("POST", `/funding/${reference}/documents/new`, { body: twoFiles.body, headers: { "Content-Type": twoFiles.contentType, Origin: t.app.baseUrl } })).status).toBe(400);
    expect(await storedFiles()).toEqual(before);
    expect(await documentsOf(reference)).toHaveLength(documentsBefore);
  });
});

describe("who may add, see and withdraw documents", () => {
  it("serves a document only to those who may see its request: another school's user gets 404 by any path", async () => {
    const submitted = await requestOf(t.database, OAKFIELD, "submitted");
    const [document] = await documentsOf(submitted);
    const path = `/funding/${submitted}/documents/${document!.id}`;
    expect((await download(senco, path)).status).toBe(200);
    expect((await download(head, path)).status).toBe(200);
    expect((await download(officer, path)).status).toBe(200);
    const notTheirs = await download(riversideSenco, path);
    expect(notTheirs.status).toBe(404);
    // Through one of their own requests, naming Oakfield's document: still 404, the same as a document that does not exist.
    const riverside = await requestOf(t.database, RIVERSIDE, "submitted");
    expect((await download(riversideSenco, `/funding/${riverside}/documents/${document!.id}`)).status).toBe(404);
    expect((await download(riversideSenco, `/funding/${riverside}/documents/999999`)).status).toBe(404);
    expect((await download(riversideSenco, `/funding/${riverside}/documents/1e3`)).status).toBe(404);
    expect((await riversideSenco.get(`/funding/${submitted}/documents`)).status).toBe(404);
    // An officer does not see a draft's documents.
    const draft = await newDraft();
    expect((await upload(senco, draft, { uploadKey: await uploadKeyOf(senco, draft) }, { filename: "a.pdf", bytes: pdfBytes() })).status).toBe(302);
    const [draftDocument] = await documentsOf(draft);
    expect((await download(officer, `/funding/${draft}/documents/${draftDocument!.id}`)).status).toBe(404);
    // Each download is audited, with the view of the pupil the request names.
    const audited = await t.database.db.selectFrom("audit_events").select(["action", "detail"]).where("request_id", "=", notTheirs.headers.get("x-request-id")!).execute();
    expect(audited).toEqual([]);
    const officerViews = await t.database.db
      .selectFrom("audit_events")
      .select("action")
      .where("actor_user_id", "=", (await t.database.db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow()).id)
      .where("action", "in", ["funding_document.download", "pupil.view"])
      .where("detail", "@>", JSON.stringify({ document: document!.id }))
      .execute();
    expect(officerViews.map((a) => a.action)).toEqual(["pupil.view"]);
  });

  it("lets only the SENCO add, and only while the request is with the school (409 once it has left)", async () => {
    const submitted = await requestOf(t.database, OAKFIELD, "submitted");
    // The headteacher sees the documents, but may not add: 404 for the form and its POST.
    expect((await head.get(`/funding/${submitted}/documents/new`)).status).toBe(404);
    expect((await upload(head, submitted, { uploadKey: "k".repeat(22) }, { filename: "a.pdf", bytes: pdfBytes() })).status).toBe(404);
    // The SENCO's page says why there is no form, and a POST is refused saying where the request is.
    const closed = await senco.get(`/funding/${submitted}/documents/new`);
    expect(closed.status).toBe(200);
    expect(mainText(closed.text)).toContain("documents can be added only while it is with the school");
    expect(closed.text).not.toContain('name="uploadKey"');
    const before = (await documentsOf(submitted)).length;
    const refused = await upload(senco, submitted, { uploadKey: "k".repeat(22) }, { filename: "a.pdf", bytes: pdfBytes() });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("This request is now submitted, so that cannot be done.");
    expect(await documentsOf(submitted)).toHaveLength(before);
    expect((await storedFiles()).incomplete).toBe(0);
    // When the council asks for more information, the school can add documents again.
    const moreInformation = await requestOf(t.database, OAKFIELD, "more_information_needed");
    expect((await upload(senco, moreInformation, { uploadKey: await uploadKeyOf(senco, moreInformation), title: "Final therapy report" }, { filename: "salt.pdf", bytes: pdfBytes() })).status).toBe(302);
    expect(mainText((await officer.get(`/funding/${moreInformation}`)).text)).toContain("Final therapy report");
  });

  it("withdraws a document through the confirm step: kept and audited, no longer served to the school, counted once", async () => {
    const reference = await newDraft();
    expect((await upload(senco, reference, { uploadKey: await uploadKeyOf(senco, reference), title: "Wrong pupil's report" }, { filename: "a.pdf", bytes: pdfBytes() })).status).toBe(302);
    const [document] = await documentsOf(reference);
    const list = await senco.get(`/funding/${reference}/documents`);
    expect(list.text).toContain(`href="/funding/${reference}/documents?withdraw=${document!.id}#confirm"`);
    const confirm = await senco.get(`/funding/${reference}/documents?withdraw=${document!.id}`);
    expect(mainText(confirm.text)).toContain("Are you sure you want to withdraw “Wrong pupil's report”?");
    expect(await documentsOf(reference)).toEqual([document]);
    // The headteacher cannot withdraw (404); the reason is bounded (400).
    expect((await head.post(`/funding/${reference}/documents`, { documentId: String(document!.id) })).status).toBe(404);
    expect((await senco.post(`/funding/${reference}/documents`, { documentId: String(document!.id), reason: "x".repeat(2001) })).status).toBe(400);
    const done = await senco.post(`/funding/${reference}/documents`, { documentId: String(document!.id), reason: "Wrong pupil" });
    expect(done.location).toBe(`/funding/${reference}/documents?done=withdrawn`);
    expect((await senco.post(`/funding/${reference}/documents`, { documentId: String(document!.id), reason: "Wrong pupil" })).status).toBe(302);
    const [withdrawn] = await documentsOf(reference);
    expect(withdrawn!.withdrawn_at).not.toBeNull();
    expect(withdrawn!.withdrawn_reason).toBe("Wrong pupil");
    expect((await audits("funding_document.withdraw")).filter((a) => a.subject_id === String(document!.id))).toHaveLength(1);
    // Kept: its row and its bytes; listed as withdrawn; no longer served to the school.
    expect((await storedFiles()).files).toBeGreaterThan(0);
    const page = mainText((await senco.get(`/funding/${reference}/documents`)).text);
    expect(page).toContain("Withdrawn by");
    expect(page).toContain("Wrong pupil");
    expect((await download(senco, `/funding/${reference}/documents/${document!.id}`)).status).toBe(404);
    await expect(t.database.db.deleteFrom("funding_request_documents").where("id", "=", document!.id).execute()).rejects.toThrow(/kept for the audit trail/);
    // Another school's id, or a document of another request: 404.
    expect((await senco.post(`/funding/${reference}/documents`, { documentId: "999999" })).status).toBe(404);
    expect((await riversideSenco.post(`/funding/${reference}/documents`, { documentId: String(document!.id) })).status).toBe(404);
  });

  it("serves a withdrawn document to the council but not to the school", async () => {
    const moreInformation = await requestOf(t.database, OAKFIELD, "more_information_needed");
    const withdrawn = (await documentsOf(moreInformation)).find((d) => d.withdrawn_at !== null);
    expect(withdrawn).toBeDefined();
    const path = `/funding/${moreInformation}/documents/${withdrawn!.id}`;
    expect((await download(officer, path)).status).toBe(200);
    expect((await download(senco, path)).status).toBe(404);
    expect((await download(head, path)).status).toBe(404);
    // Withdrawing is refused once the request has left the school.
    const submitted = await requestOf(t.database, OAKFIELD, "submitted");
    const [attached] = await documentsOf(submitted);
    expect((await senco.post(`/funding/${submitted}/documents`, { documentId: String(attached!.id) })).status).toBe(409);
  });
});

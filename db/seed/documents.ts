import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../types.ts";

/**
 * Evidence documents on the demo's funding requests (ADR 29), written straight into the tables as an upload
 * would have left them: a small PDF each, kept in the file store's chunks. Every request of the demo schools that
 * has left the draft stage has a provision map; those the council is looking at, or has asked more of, an
 * educational psychologist's report too; one of the latter was withdrawn by the school.
 */

/** A one-page PDF saying `lines` (fictional: no child is named), with a correct cross-reference table. */
export function demoPdf(lines: string[]): Uint8Array {
  const text = lines.map((line, i) => `BT /F1 12 Tf 72 ${720 - i * 18} Td (${line.replace(/[()\\]/g, "")}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** Stores one file and its document row, as attachDocument would have. */
export async function insertDemoDocument(
  db: Kysely<Database>,
  document: { fundingRequestId: number; title: string; evidenceKey: string; fileName: string; bytes: Uint8Array; uploadedBy: number; uploadedAt: Date; withdrawn?: { by: number; reason: string } },
) {
  const key = randomUUID();
  await db.insertInto("stored_files").values({ storage_key: key, byte_size: document.bytes.length, complete: true, created_at: document.uploadedAt }).execute();
  await db.insertInto("stored_file_chunks").values({ storage_key: key, seq: 0, bytes: document.bytes }).execute();
  return db
    .insertInto("funding_request_documents")
    .values({
      funding_request_id: document.fundingRequestId,
      title: document.title,
      evidence_key: document.evidenceKey,
      file_name: document.fileName,
      media_type: "application/pdf",
      extension: "pdf",
      byte_size: document.bytes.length,
      sha256: createHash("sha256").update(document.bytes).digest("hex"),
      storage_key: key,
      upload_key: randomBytes(16).toString("base64url"),
      uploaded_by: document.uploadedBy,
      uploaded_role: "senco",
      uploaded_at: document.uploadedAt,
      withdrawn_at: document.withdrawn ? new Date(document.uploadedAt.getTime() + 3_600_000) : null,
      withdrawn_by: document.withdrawn?.by ?? null,
      withdrawn_reason: document.withdrawn?.reason ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

const WITH_REPORT = ["submitted", "in_review", "more_information_needed"];

export async function seedDemoDocuments(db: Kysely<Database>) {
  const requests = await db
    .selectFrom("funding_requests")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .select(["funding_requests.id", "funding_requests.reference", "funding_requests.status", "funding_requests.created_by", "funding_requests.created_at", "funding_schemes.evidence_checklist"])
    .where("funding_requests.status", "not in", ["draft", "withdrawn"])
    .orderBy("funding_requests.id")
    .execute();
  let withdrawnOne = false;
  for (const request of requests) {
    const checklist = Array.isArray(request.evidence_checklist) ? (request.evidence_checklist as { key: string }[]) : [];
    const keyAt = (i: number) => checklist[Math.min(i, checklist.length - 1)]?.key ?? "other";
    const at = new Date(request.created_at.getTime() + 3_600_000);
    await insertDemoDocument(db, {
      fundingRequestId: request.id,
      title: "Provision map, this school year",
      evidenceKey: keyAt(1),
      fileName: "provision-map.pdf",
      bytes: demoPdf([`Provision map for ${request.reference}`, "Costed provision at the personalised level of the Mainstream Core Standards.", "Demo document: fictional."]),
      uploadedBy: request.created_by,
      uploadedAt: at,
    });
    if (!WITH_REPORT.includes(request.status)) continue;
    const withdraw = !withdrawnOne && request.status === "more_information_needed";
    if (withdraw) {
      withdrawnOne = true;
      await insertDemoDocument(db, {
        fundingRequestId: request.id,
        title: "Speech and language therapy report (wrong version)",
        evidenceKey: keyAt(2),
        fileName: "salt-report-draft.pdf",
        bytes: demoPdf([`Therapy report draft for ${request.reference}`, "Demo document: fictional."]),
        uploadedBy: request.created_by,
        uploadedAt: at,
        withdrawn: { by: request.created_by, reason: "Uploaded the draft by mistake; the final report replaces it." },
      });
    }
    await insertDemoDocument(db, {
      fundingRequestId: request.id,
      title: "Educational psychologist report",
      evidenceKey: keyAt(2),
      fileName: "ep-report.pdf",
      bytes: demoPdf([`Educational psychologist report for ${request.reference}`, "Needs identified with external professionals.", "Demo document: fictional."]),
      uploadedBy: request.created_by,
      uploadedAt: at,
    });
  }
}

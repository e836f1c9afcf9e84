import type { IncomingFile } from "../../auth/upload-form.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type RefusedDocument, type StoredDocument, drain, storeIncomingDocument } from "../files/document-upload.server.ts";
import { fileStore } from "../files/files.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { wrongState } from "../workflow/engine.server.ts";
import { DOCUMENT_TYPES, FILE_PROBLEMS, evidenceChoices } from "./documents.rules.ts";
import { type DocumentUploadFields, documentUploadSchema } from "./documents.schema.ts";
import { FUNDING_STATUS_LABELS, isFundingStatus } from "./funding.schema.ts";
import { fundingCan } from "./funding.workflow.ts";
import { type DB, FUNDING_STORE, checklistOf, visibleTo } from "./store.server.ts";

/**
 * Attaching an evidence document to a funding request (ADR 29), in two steps. `receiveDocument` takes the file
 * as it streams in (upload-form.server.ts): it reads nothing when the form's fields are refused or the request is
 * not open to documents, checks the type from the first bytes (file-type) and streams the rest to the file
 * store, not yet kept. `attachDocument` then, in one transaction with the request locked, checks again that the
 * SENCO may add documents now, records what the file is, keeps it and writes the audit row. A file refused at
 * any point, or cut off, is discarded: nothing is left half-saved.
 */

export type ReceivedDocument =
  | RefusedDocument
  /** The fields were refused, or the request is not open to documents: the file was not read. */
  | { kind: "skipped" }
  /** This form (its upload key) has already added its document: a second send. */
  | { kind: "again" }
  | StoredDocument;

export async function receiveDocument(db: DB, actor: Actor, reference: string, fields: FormData, file: IncomingFile): Promise<ReceivedDocument> {
  requirePermission(actor, "funding:draft");
  const parsed = documentUploadSchema.safeParse(Object.fromEntries(fields));
  const request = await db
    .selectFrom("funding_requests")
    .select(["id", "status"])
    .where("reference", "=", reference)
    .where(visibleTo(actor))
    .executeTakeFirst();
  if (!request) {
    await drain(file.stream);
    notFound();
  }
  if (!parsed.success || !isFundingStatus(request.status) || !fundingCan(actor.role, request.status).edit) {
    await drain(file.stream);
    return { kind: "skipped" };
  }
  const used = await db
    .selectFrom("funding_request_documents")
    .select("id")
    .where("funding_request_id", "=", request.id)
    .where("upload_key", "=", parsed.data.uploadKey)
    .executeTakeFirst();
  if (used) {
    await drain(file.stream);
    return { kind: "again" };
  }
  return storeIncomingDocument(db, file);
}

/** Discards a received file that will not be attached. */
export async function discardReceived(db: DB, received: ReceivedDocument): Promise<void> {
  if (received.kind === "stored") await fileStore(db).discard(received.key);
}

/**
 * Attaches the received file to the request: the request locked under the actor's reach, still with the school
 * (the SENCO's `edit` step of funding.workflow.ts: a draft, or more information asked for), the evidence item one
 * of the scheme's. The same form sent twice adds one document.
 */
export async function attachDocument(
  db: DB,
  actor: Actor,
  reference: string,
  value: DocumentUploadFields,
  received: ReceivedDocument | undefined,
  requestId: string,
): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "funding:draft");
  if (received?.kind === "again") return { ok: true, again: true };
  if (received?.kind === "refused") return refuse("file", FILE_PROBLEMS[received.problem]);
  let kept = false;
  try {
    const result = await db.transaction().execute(async (trx): Promise<Result<{ again: boolean }>> => {
      const row = await FUNDING_STORE.lock(trx, actor, reference);
      if (!row) notFound();
      if (!fundingCan(actor.role, row.status).edit) return documentsClosed(row.status);
      if (received?.kind !== "stored") return refuse("file", FILE_PROBLEMS.missing);
      if (!evidenceChoices(checklistOf(row.evidence_checklist)).some((c) => c.key === value.evidenceKey)) {
        return refuse("evidenceKey", "Select which evidence the document supports");
      }
      const document = await trx
        .insertInto("funding_request_documents")
        .values({
          funding_request_id: row.id,
          title: value.title,
          evidence_key: value.evidenceKey,
          file_name: received.fileName,
          media_type: DOCUMENT_TYPES[received.extension].mime,
          extension: received.extension,
          byte_size: received.bytes,
          sha256: received.sha256,
          storage_key: received.key,
          upload_key: value.uploadKey,
          uploaded_by: actor.userId,
          uploaded_role: actor.role,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await fileStore(db).keep(trx, received.key);
      await recordAudit(trx, {
        actor,
        action: "funding_document.add",
        subjectType: "funding_request_document",
        subjectId: document.id,
        requestId,
        detail: { reference, evidenceKey: value.evidenceKey, extension: received.extension, bytes: received.bytes },
      });
      kept = true;
      return { ok: true, again: false };
    });
    return result;
  } catch (error) {
    // Two sends of one form raced past the check in receiveDocument: the first added it.
    if (isUniqueViolation(error, "funding_request_documents_funding_request_id_upload_key_key")) return { ok: true, again: true };
    throw error;
  } finally {
    if (!kept && received) await discardReceived(db, received);
  }
}

/** The refusal of a document change once the request has left the school. */
export function documentsClosed(status: keyof typeof FUNDING_STATUS_LABELS): Refusal {
  return wrongState("request", FUNDING_STATUS_LABELS[status]);
}

import type { IncomingFile } from "../../auth/upload-form.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { liftReferralInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { type RefusedDocument, type StoredDocument, documentDownloadHeaders, drain, storeIncomingDocument } from "../files/document-upload.server.ts";
import { fileStore } from "../files/files.server.ts";
import { DOCUMENT_TYPES, FILE_PROBLEMS } from "../funding/documents.rules.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Result, refuse } from "../result.ts";
import { wrongState } from "../workflow/engine.server.ts";
import { agreementUploadSchema, type AgreementUploadFields } from "./referral.schema.ts";
import { type DB, REFERRAL_STORE } from "./referral-store.server.ts";
import { REFERRAL_STATUS_LABELS, isReferralStatus, referralCan } from "./referrals.workflow.ts";

/**
 * The parents' signed Agreement to Engage on a referral (ADR 44), kept as funding evidence is (ADR 29) through the
 * same machinery (files/document-upload.server.ts): received as it streams in, the type read from its bytes, then
 * attached in one transaction with the referral locked, while it is a draft. A new upload replaces the one before
 * (which is kept, marked withdrawn). Downloaded only through the referral (liftReferralInReach).
 */

/**
 * What the upload page needs of the referral: whether the actor may still change its Agreement to Engage (a draft
 * they may save), its state's words otherwise, and whether a document is already there to be replaced. One read
 * under liftReferralInReach; the page shows no pupil, so it is not audited as a view of one.
 */
export async function agreementUploadForm(db: DB, actor: Actor, reference: string) {
  requirePermission(actor, "lift:refer");
  const row = await db
    .selectFrom("lift_referrals")
    .select((eb) => [
      "lift_referrals.status",
      eb
        .exists(
          eb
            .selectFrom("lift_referral_documents as d")
            .select("d.id")
            .whereRef("d.lift_referral_id", "=", "lift_referrals.id")
            .where("d.kind", "=", "agreement_to_engage")
            .where("d.withdrawn_at", "is", null),
        )
        .as("has_agreement"),
    ])
    .where("lift_referrals.reference", "=", reference)
    .where(liftReferralInReach(actor))
    .executeTakeFirst();
  if (!row || !isReferralStatus(row.status)) notFound();
  return {
    open: row.status === "draft" && referralCan(actor.role, row.status).saveDraft,
    statusLabel: REFERRAL_STATUS_LABELS[row.status],
    replacing: Boolean(row.has_agreement),
  };
}

export type ReceivedAgreement = RefusedDocument | StoredDocument | { kind: "skipped" } | { kind: "again" };

export async function receiveAgreement(db: DB, actor: Actor, reference: string, fields: FormData, file: IncomingFile): Promise<ReceivedAgreement> {
  requirePermission(actor, "lift:refer");
  const parsed = agreementUploadSchema.safeParse(Object.fromEntries(fields));
  const referral = await db
    .selectFrom("lift_referrals")
    .select(["id", "status"])
    .where("reference", "=", reference)
    .where(liftReferralInReach(actor))
    .executeTakeFirst();
  if (!referral) {
    await drain(file.stream);
    notFound();
  }
  if (!parsed.success || referral.status !== "draft") {
    await drain(file.stream);
    return { kind: "skipped" };
  }
  const used = await db
    .selectFrom("lift_referral_documents")
    .select("id")
    .where("lift_referral_id", "=", referral.id)
    .where("upload_key", "=", parsed.data.uploadKey)
    .executeTakeFirst();
  if (used) {
    await drain(file.stream);
    return { kind: "again" };
  }
  return storeIncomingDocument(db, file);
}

export async function discardReceivedAgreement(db: DB, received: ReceivedAgreement): Promise<void> {
  if (received.kind === "stored") await fileStore(db).discard(received.key);
}

/** Attaches the received file as the referral's Agreement to Engage; the same form sent twice adds one. */
export async function attachAgreement(db: DB, actor: Actor, reference: string, value: AgreementUploadFields, received: ReceivedAgreement | undefined, requestId: string): Promise<Result<{ again: boolean }>> {
  requirePermission(actor, "lift:refer");
  if (received?.kind === "again") return { ok: true, again: true };
  if (received?.kind === "refused") return refuse("file", FILE_PROBLEMS[received.problem]);
  let kept = false;
  try {
    return await db.transaction().execute(async (trx): Promise<Result<{ again: boolean }>> => {
      const row = await REFERRAL_STORE.lock(trx, actor, reference);
      if (!row) notFound();
      if (row.status !== "draft") return wrongState("referral", REFERRAL_STATUS_LABELS[row.status]);
      if (received?.kind !== "stored") return refuse("file", FILE_PROBLEMS.missing);
      const replaced = await trx
        .updateTable("lift_referral_documents")
        .set({ withdrawn_at: new Date(), withdrawn_by: actor.userId })
        .where("lift_referral_id", "=", row.id)
        .where("kind", "=", "agreement_to_engage")
        .where("withdrawn_at", "is", null)
        .returning("id")
        .execute();
      const document = await trx
        .insertInto("lift_referral_documents")
        .values({
          lift_referral_id: row.id,
          kind: "agreement_to_engage",
          title: "Agreement to Engage",
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
      // The draft changed: a form drawn before the upload (check your answers) is out of date.
      await REFERRAL_STORE.save(trx, row, {});
      await recordAudit(trx, {
        actor,
        action: "lift_referral_document.add",
        subjectType: "lift_referral_document",
        subjectId: document.id,
        requestId,
        detail: { reference, kind: "agreement_to_engage", extension: received.extension, bytes: received.bytes, replaced: replaced.map((r) => r.id) },
      });
      kept = true;
      return { ok: true, again: false };
    });
  } catch (error) {
    if (isUniqueViolation(error, "lift_referral_documents_lift_referral_id_upload_key_key")) return { ok: true, again: true };
    throw error;
  } finally {
    if (!kept && received) await discardReceivedAgreement(db, received);
  }
}

/** A referral's document for download, if the actor reaches the referral: audited, with a view of the pupil. */
export async function openReferralDocument(db: DB, actor: Actor, reference: string, documentId: number, requestId: string) {
  requirePermission(actor, "lift:referrals");
  const document = await auditedRead(
    db,
    async (db) =>
      (await db
        .selectFrom("lift_referral_documents as d")
        .innerJoin("lift_referrals", "lift_referrals.id", "d.lift_referral_id")
        .innerJoin("stored_files as f", "f.storage_key", "d.storage_key")
        .select(["d.id", "d.file_name", "d.media_type", "d.byte_size", "d.storage_key", "lift_referrals.pupil_id"])
        .where("d.id", "=", documentId)
        .where("lift_referrals.reference", "=", reference)
        .where("d.withdrawn_at", "is", null)
        .where("f.complete", "=", true)
        .where(liftReferralInReach(actor))
        .executeTakeFirst()) ?? notFound(),
    (d) => [
      { actor, action: "lift_referral_document.download", subjectType: "lift_referral_document", subjectId: d.id, requestId, detail: { reference } },
      { actor, action: "pupil.view", subjectType: "pupil", subjectId: d.pupil_id, requestId, detail: { via: reference, document: d.id } },
    ],
  );
  return { headers: documentDownloadHeaders(document), body: fileStore(db).open(document.storage_key) };
}

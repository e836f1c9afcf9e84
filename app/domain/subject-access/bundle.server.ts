import { Readable } from "node:stream";
import { create as contentDisposition } from "content-disposition";
import type { Kysely } from "kysely";
import { ZipFile } from "yazl";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { fileStore } from "../files/files.server.ts";
import { londonToday } from "../financial-year.ts";
import { type SubjectAccessData, bundleFiles, collectSubjectAccess } from "./subject-access.server.ts";
import { summaryHtml } from "./summary-html.ts";

type DB = Kysely<Database>;

/**
 * The subject access bundle (ADR 63): a ZIP, streamed as it is written (yazl), holding `summary.html` (readable,
 * self-contained), `data.json` (the same data, machine-readable) and the pupil's documents under
 * `documents/<reference>/<id>-<safe name>`, each read from the file store a chunk at a time only when the ZIP
 * reaches it. The export is audited (who, when, the pupil by id and how much went out) before any byte is sent.
 */
export async function openSubjectAccessBundle(db: DB, actor: Actor, pupilId: number, requestId: string) {
  requirePermission(actor, "pupils:subject_access");
  const data = await collectSubjectAccess(db, actor, pupilId);
  const files = bundleFiles(data);
  const stored = await storageKeys(db, data);
  await recordAudit(db, {
    actor,
    action: "pupil.subject_access_export",
    subjectType: "pupil",
    subjectId: pupilId,
    requestId,
    detail: {
      fundingRequests: data.fundingRequests.length,
      liftReferrals: data.liftReferrals.length,
      specialistVisits: data.specialistVisits.length,
      documents: files.length,
    },
  });
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(summaryHtml(data), "utf8"), "summary.html");
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2), "utf8"), "data.json");
  const store = fileStore(db);
  for (const file of files) {
    const key = stored.get(file.path);
    if (key === undefined) continue;
    zip.addReadStreamLazy(file.path, { size: file.bytes }, (cb) => cb(null, Readable.fromWeb(store.open(key) as import("node:stream/web").ReadableStream<Uint8Array>)));
  }
  zip.end();
  const filename = `subject-access-pupil-${pupilId}-${londonToday()}.zip`;
  return {
    filename,
    headers: {
      "Content-Type": "application/zip",
      // `nosniff` and `no-store` come with every response (server/app.ts).
      "Content-Disposition": contentDisposition(filename, { type: "attachment" }),
    },
    body: Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>,
  };
}

/** Each document's stored file, by its path in the bundle; a file whose upload never finished is left out. */
async function storageKeys(db: DB, data: SubjectAccessData) {
  const keys = new Map<string, string>();
  const funding = data.fundingRequests.flatMap((r) => r.documents);
  const lift = data.liftReferrals.flatMap((l) => l.documents);
  const complete = db.selectFrom("stored_files").select("storage_key").where("complete", "=", true);
  const rows = [
    ...(funding.length === 0
      ? []
      : (await db.selectFrom("funding_request_documents").select(["id", "storage_key"]).where("id", "in", funding.map((d) => d.id)).where("storage_key", "in", complete).execute()).map((r) => ({ ...r, docs: funding }))),
    ...(lift.length === 0
      ? []
      : (await db.selectFrom("lift_referral_documents").select(["id", "storage_key"]).where("id", "in", lift.map((d) => d.id)).where("storage_key", "in", complete).execute()).map((r) => ({ ...r, docs: lift }))),
  ];
  for (const row of rows) keys.set(row.docs.find((d) => d.id === row.id)!.path, row.storage_key);
  return keys;
}

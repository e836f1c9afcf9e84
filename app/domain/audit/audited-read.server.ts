import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type AuditEntry, auditRow } from "./audit.server.ts";

/**
 * An audited read, the one idiom for showing children's data (QUALITY.md): `read` finds what the page shows, and
 * nothing of it is returned until its audit rows (`audit`, from what was found: a request and the pupil it
 * names) are written, all in one statement. A read that finds nothing (a 404 thrown by `read`) writes nothing.
 * For a page of rows read in one statement, `withAuditRow` (audit.server.ts) puts the row in that statement itself.
 */
export async function auditedRead<T>(db: Kysely<Database>, read: (db: Kysely<Database>) => Promise<T>, audit: (found: T) => AuditEntry[]): Promise<T> {
  const found = await read(db);
  const entries = audit(found);
  if (entries.length > 0) await db.insertInto("audit_events").values(entries.map(auditRow)).execute();
  return found;
}

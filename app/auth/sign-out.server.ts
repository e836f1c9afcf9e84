import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import { sessionIdFromToken } from "./session.server.ts";

/** Ends the session the token names and records it. A token that names no session changes nothing. */
export async function signOut(db: Kysely<Database>, token: string, requestId: string) {
  const id = sessionIdFromToken(token);
  await db.transaction().execute(async (trx) => {
    const ended = await trx.deleteFrom("sessions").where("id", "=", id).returning("user_id").executeTakeFirst();
    if (!ended) return;
    await recordAudit(trx, {
      actor: await auditActorFor(trx, ended.user_id),
      action: "auth.sign_out",
      subjectType: "user",
      subjectId: ended.user_id,
      requestId,
    });
  });
}

import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: number;
  occurredAt: Date;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  subject: string | null;
  requestId: string | null;
}

/** The newest audit events, a page at a time. Reading the log is itself not audited (it holds no child data). */
export async function listAuditEvents(db: Kysely<Database>, actor: Actor, page: number): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  requirePermission(actor, "audit:view");
  const offset = Math.max(0, page - 1) * AUDIT_PAGE_SIZE;
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_user_id")
    .select([
      "audit_events.id",
      "audit_events.occurred_at",
      "users.display_name",
      "audit_events.actor_role",
      "audit_events.action",
      "audit_events.subject_type",
      "audit_events.subject_id",
      "audit_events.request_id",
    ])
    .orderBy("audit_events.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset(offset)
    .execute();
  return {
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorName: r.display_name,
      actorRole: r.actor_role,
      action: r.action,
      subject: r.subject_type ? `${r.subject_type}${r.subject_id ? ` ${r.subject_id}` : ""}` : null,
      requestId: r.request_id,
    })),
  };
}

import type { Kysely, QueryCreator } from "kysely";
import type { Database } from "../../../db/types.ts";

export interface AuditEntry {
  /** Who did it; omitted for anonymous events such as a failed sign-in. */
  actor?: { userId: number; role: string | null; org: string | null } | null;
  /** Dotted verb, e.g. `auth.sign_in`, `user.deactivate`. */
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  requestId: string;
  /** Facts about the change. Never passwords, tokens, children's names or needs. */
  detail?: Record<string, unknown>;
}

/**
 * The audit_events row for an entry. For a read that must be audited in the same statement as the read (a
 * data-modifying WITH: the row and the read commit together, with no transaction around them).
 */
export function auditRow(entry: AuditEntry) {
  return {
    actor_user_id: entry.actor?.userId ?? null,
    actor_role: entry.actor?.role ?? null,
    actor_org: entry.actor?.org ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
    request_id: entry.requestId,
    detail: JSON.stringify(entry.detail ?? {}),
  };
}

/**
 * A query creator whose statement also writes `entry`'s audit row: a data-modifying WITH, which PostgreSQL runs
 * once and to completion whatever the statement reads. For an audited read that needs no transaction: the read
 * and its audit row commit together, in one round trip.
 */
export function withAuditRow(db: QueryCreator<Database>, entry: AuditEntry): QueryCreator<Database> {
  // The WITH adds a name ("audit") that nothing reads: the statement is still one over Database's tables.
  return db.with("audit", (qb) => qb.insertInto("audit_events").values(auditRow(entry)).returning("id")) as unknown as QueryCreator<Database>;
}

/** Appends one audit row. Call it inside the use-case's transaction so the row and the change commit together. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_events").values(auditRow(entry)).execute();
}

/** The audit actor for a user who is not (or no longer) signed in: their id and role, no organisation. */
export async function auditActorFor(db: Kysely<Database>, userId: number) {
  const membership = await db.selectFrom("memberships").select("role").where("user_id", "=", userId).orderBy("id").executeTakeFirst();
  return { userId, role: membership?.role ?? null, org: null };
}

/**
 * The last change the audit log records to a subject, among `actions`: who made it and when. For telling someone
 * whose form is out of date what happened meanwhile (app/domain/workflow/resubmission.server.ts).
 */
export async function lastChangeOf(
  db: Kysely<Database>,
  subject: { type: string; id: string | number },
  actions: string[],
): Promise<{ action: string; userId: number | null; at: Date } | undefined> {
  const row = await db
    .selectFrom("audit_events")
    .select(["action", "actor_user_id", "occurred_at"])
    .where("subject_type", "=", subject.type)
    .where("subject_id", "=", String(subject.id))
    .where("action", "in", actions)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { action: row.action, userId: row.actor_user_id, at: row.occurred_at } : undefined;
}

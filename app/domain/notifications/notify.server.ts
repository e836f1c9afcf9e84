import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Role } from "../access/roles.ts";

type DB = Kysely<Database>;

/**
 * What the people who must act next are told. Never a child's name or needs: a reference and a link.
 * `message` is shown in the portal's notifications list; the email has `subject`, `message` and the link.
 */
export interface Notice {
  message: string;
  subject: string;
  /** A path inside the portal, e.g. `/funding/HNF-2026-00042`. */
  link: string;
}

/**
 * Tells these users, in the portal and by email. Call it inside the use-case's transaction: the
 * notifications and the queued emails commit with the change or not at all, and emails are only sent
 * (by the outbox dispatcher) once they have committed. Inactive users are skipped.
 */
export async function notifyUsers(db: DB, userIds: number[], notice: Notice): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const users = await db.selectFrom("users").select(["id", "email"]).where("id", "in", unique).where("active", "=", true).execute();
  if (users.length === 0) return;
  await db
    .insertInto("notifications")
    .values(users.map((u) => ({ user_id: u.id, message: notice.message, link: notice.link })))
    .execute();
  await db
    .insertInto("email_outbox")
    .values(users.map((u) => ({ to_address: u.email, subject: notice.subject, body: notice.message, link: notice.link })))
    .execute();
}

/** The school's active SENCOs and headteachers, in one query: who is told of what happens to the school's cases. */
export async function schoolStaffIds(db: DB, schoolId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.id")
    .distinct()
    .where("memberships.role", "in", ["senco", "headteacher"])
    .where("memberships.school_id", "=", schoolId)
    .where("users.active", "=", true)
    .orderBy("users.id")
    .execute();
  return rows.map((r) => r.id);
}

/** Active users holding `role`, at `schoolId` when given (a school's headteachers, its SENCOs), or county-wide. */
export async function usersWithRole(db: DB, role: Role, schoolId?: number): Promise<number[]> {
  let query = db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.id")
    .distinct()
    .where("memberships.role", "=", role)
    .where("users.active", "=", true);
  if (schoolId !== undefined) query = query.where("memberships.school_id", "=", schoolId);
  return (await query.execute()).map((r) => r.id);
}

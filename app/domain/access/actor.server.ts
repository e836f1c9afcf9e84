import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "./access.server.ts";
import { actingMembership, type MembershipRow, membershipsOf } from "./memberships.ts";

/**
 * What a membership row carries for `membershipsOf` (memberships joined to schools and districts): the
 * session's query and `actorForEmail` select the same.
 */
export const MEMBERSHIP_COLUMNS = [
  "memberships.role",
  "memberships.school_id",
  "memberships.district_id",
  "schools.urn",
  "schools.name as school_name",
  "schools.status as school_status",
  "districts.code",
  "districts.name as district_name",
] as const;

/**
 * The actor for a user acting in one of their memberships (`actingAs`, a membership key; their first when null
 * or no longer held), or null when they hold none. The one way an Actor is made, from a session or otherwise.
 */
export function actorFrom(
  user: { id: number; email: string; displayName: string },
  rows: MembershipRow[],
  actingAs: string | null,
  session: { id: string; endsAt: Date },
): Actor | null {
  const memberships = membershipsOf(rows);
  const acting = actingMembership(memberships, actingAs);
  if (!acting) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.displayName,
    role: acting.role,
    schoolIds: acting.schoolIds,
    districtId: acting.districtId,
    org: acting.org,
    actingAs: { key: acting.key, label: acting.label },
    memberships: memberships.map((m) => ({ key: m.key, label: m.label })),
    sessionId: session.id,
    sessionExpiresAt: session.endsAt,
  };
}

/** The actor for a user by email, outside any request (benchmarks, tests, jobs). */
export async function actorForEmail(db: Kysely<Database>, email: string, actingAs: string | null = null): Promise<Actor> {
  const user = await db.selectFrom("users").select(["id", "email", "display_name"]).where("email", "=", email).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select(MEMBERSHIP_COLUMNS)
    .where("memberships.user_id", "=", user.id)
    .orderBy("memberships.id")
    .execute();
  const actor = actorFrom({ id: user.id, email: user.email, displayName: user.display_name }, rows, actingAs, {
    id: "none",
    endsAt: new Date(Date.now() + 3_600_000),
  });
  if (!actor) throw new Error(`${email} holds no membership`);
  return actor;
}

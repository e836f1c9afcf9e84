import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { hashPassword, passwordProblem } from "../../auth/password.server.ts";
import { invalidateUserSessions } from "../../auth/session.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS, type Role, isRole } from "../access/roles.ts";
import { recordAudit } from "../audit/audit.server.ts";
import type { CouncilArea } from "../schools/council-areas.ts";
import { uniqueViolationRefusal } from "../record.server.ts";
import { type Result, refuse } from "../result.ts";
import {
  claimVersion,
  LAST_MEMBERSHIP,
  membershipsOfUser,
  officerAreasOf,
  OWN_ADMIN,
  replaceMemberships,
  resolveMemberships,
  resubmitted,
  type ScopeInput,
  requireAccount,
} from "./user-records.server.ts";

export { addMembership, changeRole, removeMembership } from "./memberships.server.ts";
export { setOfficerAreas } from "./officer-areas.server.ts";

type DB = Kysely<Database>;

export interface UserSummary {
  id: number;
  name: string;
  email: string;
  roleLabel: string;
  placeLabel: string;
  active: boolean;
}

async function placeLabels(db: DB, userIds: number[]): Promise<Map<number, { role: Role | null; place: string }>> {
  const labels = new Map<number, { role: Role | null; places: string[] }>();
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select(["memberships.user_id", "memberships.role", "schools.name as school_name", "districts.name as district_name"])
    .where("memberships.user_id", "in", userIds)
    .orderBy("memberships.id")
    .execute();
  for (const row of rows) {
    const entry = labels.get(row.user_id) ?? { role: isRole(row.role) ? row.role : null, places: [] };
    const place = row.school_name ?? (row.district_name ? `${row.district_name} district` : "Kent County Council");
    entry.places.push(place);
    labels.set(row.user_id, entry);
  }
  return new Map(
    [...labels].map(([id, e]) => [
      id,
      { role: e.role, place: e.places.length > 2 ? `${e.places.length} schools` : e.places.join(", ") },
    ]),
  );
}

export async function listUsers(db: DB, actor: Actor, filter: { q?: string }): Promise<UserSummary[]> {
  requirePermission(actor, "users:manage");
  let query = db.selectFrom("users").select(["id", "display_name", "email", "active"]).orderBy("display_name").limit(500);
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("email", "like", like), eb(eb.fn("lower", ["display_name"]), "like", like)]));
  }
  const users = await query.execute();
  const labels = await placeLabels(db, users.map((u) => u.id));
  return users.map((u) => {
    const label = labels.get(u.id);
    return {
      id: u.id,
      name: u.display_name,
      email: u.email,
      active: u.active,
      roleLabel: label?.role ? ROLE_LABELS[label.role] : "No role",
      placeLabel: label?.place ?? "",
    };
  });
}

/** One of a person's memberships as the admin's page lists it. */
export interface UserMembership {
  key: string;
  label: string;
  /** The first is where they start when they sign in, and the one "Change role" changes. */
  first: boolean;
  /** Why it cannot be removed here, or null when it can. */
  keep: string | null;
}

export interface UserDetail extends UserSummary {
  memberships: UserMembership[];
  role: Role | null;
  version: number;
  schoolUrn: string | null;
  championUrns: string[];
  districtCode: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
  /** The areas they work in, if they hold a council officer membership (ADR 30); null otherwise. */
  officerAreas: CouncilArea[] | null;
}

export async function getUser(db: DB, actor: Actor, userId: number): Promise<UserDetail> {
  requirePermission(actor, "users:manage");
  const user = await db
    .selectFrom("users")
    .select(["id", "display_name", "email", "active", "version", "created_at", "deactivated_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) notFound();
  const memberships = await db
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select(["memberships.role", "schools.urn", "districts.code"])
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
  const grouped = await membershipsOfUser(db, userId);
  const label = (await placeLabels(db, [userId])).get(userId);
  const role = memberships[0] && isRole(memberships[0].role) ? memberships[0].role : null;
  return {
    id: user.id,
    name: user.display_name,
    email: user.email,
    active: user.active,
    version: user.version,
    createdAt: user.created_at,
    deactivatedAt: user.deactivated_at,
    memberships: grouped.map((m, i) => ({
      key: m.key,
      label: m.label,
      first: i === 0,
      keep: grouped.length === 1 ? LAST_MEMBERSHIP : userId === actor.userId && m.role === "admin" ? OWN_ADMIN : null,
    })),
    role,
    roleLabel: role ? ROLE_LABELS[role] : "No role",
    placeLabel: label?.place ?? "",
    schoolUrn: role === "senco" || role === "headteacher" ? (memberships[0]?.urn ?? null) : null,
    // Only the champion's own schools: a champion who is also a SENCO keeps that school out of this list.
    championUrns: role === "inclusion_champion" ? memberships.filter((m) => m.role === "inclusion_champion").map((m) => m.urn!).filter(Boolean) : [],
    districtCode: role === "stls" ? (memberships[0]?.code ?? null) : null,
    officerAreas: memberships.some((m) => m.role === "council_officer") ? await officerAreasOf(db, userId) : null,
  };
}

export async function createUser(
  db: DB,
  actor: Actor,
  input: ScopeInput & { displayName: string; email: string; password: string },
  requestId: string,
): Promise<Result<{ userId: number }>> {
  requirePermission(actor, "users:manage");
  const problem = passwordProblem(input.password, { email: input.email });
  if (problem) return refuse("password", problem);
  const existing = await db.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
  if (existing) return refuse("email", "A user with this email address already exists");
  const resolved = await resolveMemberships(db, input);
  if (!resolved.ok) return resolved;
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto("users")
        .values({ email: input.email, display_name: input.displayName, password_hash: passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await replaceMemberships(trx, user.id, resolved.rows);
      await recordAudit(trx, {
        actor,
        action: "user.create",
        subjectType: "user",
        subjectId: user.id,
        requestId,
        detail: { role: input.role, memberships: resolved.rows.length },
      });
      return { ok: true as const, userId: user.id };
    });
  } catch (error) {
    // Two admins creating the same email at once: the unique index decides, the loser is told plainly.
    const duplicate = uniqueViolationRefusal(error, { "*": ["email", "A user with this email address already exists"] });
    if (duplicate) return duplicate;
    throw error;
  }
}

export async function setUserActive(
  db: DB,
  actor: Actor,
  userId: number,
  input: { intent: "deactivate" | "reactivate"; version: number },
  requestId: string,
): Promise<Result<object>> {
  await requireAccount(db, actor, userId);
  if (userId === actor.userId && input.intent === "deactivate") {
    return { ok: false, formError: "You cannot deactivate your own account" };
  }
  const active = input.intent === "reactivate";
  return db.transaction().execute(async (trx) => {
    const claimed = await claimVersion(trx, userId, input.version, {
      active,
      deactivated_at: active ? null : new Date(),
    });
    if (!claimed) return resubmitted(trx, actor, userId, { active });
    // Deactivation ends every session at once, in the same transaction.
    if (!active) await invalidateUserSessions(trx, userId);
    await recordAudit(trx, {
      actor,
      action: active ? "user.reactivate" : "user.deactivate",
      subjectType: "user",
      subjectId: userId,
      requestId,
    });
    return { ok: true as const };
  });
}

/** The districts an admin can give an STLS teacher. */
export async function listDistricts(db: DB, actor: Actor) {
  requirePermission(actor, "users:manage");
  return db.selectFrom("districts").select(["code", "name", "area"]).orderBy("name").execute();
}

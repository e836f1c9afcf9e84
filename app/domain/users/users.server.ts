import type { Kysely, Transaction, UpdateObject } from "kysely";
import type { Database } from "../../../db/types.ts";
import { hashPassword, passwordProblem } from "../../auth/password.server.ts";
import { invalidateUserSessions } from "../../auth/session.server.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { type Membership, membershipsOf } from "../access/memberships.ts";
import { ROLE_LABELS, type Role, isRole } from "../access/roles.ts";
import { lastChangeOf, recordAudit } from "../audit/audit.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { uniqueViolationRefusal, updateAtVersion } from "../record.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { parseUrns } from "./users.schema.ts";

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
}

/** A person's memberships, grouped as they act in them (memberships.ts), in the order they were given. */
async function membershipsOfUser(db: DB, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select([
      "memberships.role",
      "memberships.school_id",
      "memberships.district_id",
      "schools.urn",
      "districts.code",
      "schools.name as school_name",
      "districts.name as district_name",
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
  return membershipsOf(rows);
}

const LAST_MEMBERSHIP = "A person must keep at least one role: change this one instead, or deactivate the account";
const OWN_ADMIN = "You cannot remove your own administrator role: ask another administrator";

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
  };
}

interface ScopeInput {
  role: Role;
  schoolUrn?: string;
  championUrns?: string;
  districtCode?: string;
}

type MembershipRow = { role: Role; school_id: number | null; district_id: number | null };

/** Turns the form's URNs and district into membership rows, or says which field is wrong. */
async function resolveMemberships(db: DB, input: ScopeInput): Promise<{ ok: true; rows: MembershipRow[] } | Refusal> {
  const { role } = input;
  if (role === "senco" || role === "headteacher" || role === "inclusion_champion") {
    const field = role === "inclusion_champion" ? "championUrns" : "schoolUrn";
    const urns = role === "inclusion_champion" ? parseUrns(input.championUrns) : parseUrns(input.schoolUrn);
    const schools = await db.selectFrom("schools").select(["id", "urn"]).where("urn", "in", urns).execute();
    const missing = urns.filter((u) => !schools.some((s) => s.urn === u));
    if (missing.length > 0) return refuse(field, `No school has the URN ${missing.join(", ")}`);
    return { ok: true, rows: schools.map((s) => ({ role, school_id: s.id, district_id: null })) };
  }
  if (role === "stls") {
    const district = await db.selectFrom("districts").select("id").where("code", "=", input.districtCode ?? "").executeTakeFirst();
    if (!district) return refuse("districtCode", "Select a district");
    return { ok: true, rows: [{ role, school_id: null, district_id: district.id }] };
  }
  return { ok: true, rows: [{ role, school_id: null, district_id: null }] };
}

/** The rows a grouped membership is made of. */
function rowsOf(membership: Membership): MembershipRow[] {
  if (membership.schoolIds.length > 0) return membership.schoolIds.map((id) => ({ role: membership.role, school_id: id, district_id: null }));
  return [{ role: membership.role, school_id: null, district_id: membership.districtId }];
}

const sameRow = (a: MembershipRow) => (b: MembershipRow) => a.role === b.role && a.school_id === b.school_id && a.district_id === b.district_id;

/** Rows without repeats, the first of each kept (the unique index allows one of each). */
function distinctRows(rows: MembershipRow[]): MembershipRow[] {
  return rows.filter((row, i) => rows.findIndex(sameRow(row)) === i);
}

/** Writes the person's memberships as `rows`, in that order: the first row's membership is where they start. */
async function replaceMemberships(trx: Transaction<Database>, userId: number, rows: MembershipRow[]) {
  await trx.deleteFrom("memberships").where("user_id", "=", userId).execute();
  await trx
    .insertInto("memberships")
    .values(rows.map((r) => ({ ...r, user_id: userId })))
    .execute();
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

/** Claims the user row at the version the admin saw; false when someone else changed it first. */
function claimVersion(trx: Transaction<Database>, userId: number, version: number, set: UpdateObject<Database, "users"> = {}) {
  return updateAtVersion(trx, "users", { id: userId }, version, set);
}

/** The memberships as one comparable value: the same set however the rows are ordered. */
function membershipKeys(rows: { role: string; school_id: number | null; district_id: number | null }[]): string[] {
  return rows.map((r) => `${r.role}:${r.school_id ?? ""}:${r.district_id ?? ""}`).sort();
}

/**
 * A change to a user sent against an old version (the rule in resubmission.server.ts): the same change sent again
 * if the account already is as the form asks; otherwise refused, saying who changed it, when and what differs.
 */
async function resubmitted(db: DB, actor: Actor, userId: number, submitted: { memberships?: MembershipRow[]; active?: boolean }) {
  const user = await db.selectFrom("users").select("active").where("id", "=", userId).executeTakeFirstOrThrow();
  const memberships = await db.selectFrom("memberships").select(["role", "school_id", "district_id"]).where("user_id", "=", userId).execute();
  return answerOldVersion(db, actor, {
    submitted: { memberships: submitted.memberships && membershipKeys(submitted.memberships), active: submitted.active },
    recorded: { memberships: membershipKeys(memberships), active: user.active },
    labels: { memberships: "role and where it applies", active: "whether the account is active" },
    changed: await lastChangeOf(db, { type: "user", id: userId }, ["user.create", "user.change_role", "user.deactivate", "user.reactivate", "user.add_membership", "user.remove_membership"]),
  });
}

/**
 * Changes a person's first membership (the role the page shows, where they start when signing in) to the role
 * and place given. Their other memberships are kept, after it; one the new role repeats is merged into it.
 */
export async function changeRole(
  db: DB,
  actor: Actor,
  userId: number,
  input: ScopeInput & { version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "users:manage");
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!exists) notFound();
  const resolved = await resolveMemberships(db, input);
  if (!resolved.ok) return resolved;
  return db.transaction().execute(async (trx) => {
    const [first, ...others] = await membershipsOfUser(trx, userId);
    const kept = others.flatMap(rowsOf);
    const rows = distinctRows([...resolved.rows, ...kept]);
    // An administrator never loses their own administrator role, through this form or any other.
    if (userId === actor.userId && !rows.some((r) => r.role === "admin")) return refuse("role", OWN_ADMIN);
    if (!(await claimVersion(trx, userId, input.version))) return resubmitted(trx, actor, userId, { memberships: rows });
    await replaceMemberships(trx, userId, rows);
    // A changed role changes what the user may see: end their sessions so the next request starts afresh.
    await invalidateUserSessions(trx, userId);
    await recordAudit(trx, {
      actor,
      action: "user.change_role",
      subjectType: "user",
      subjectId: userId,
      requestId,
      detail: { role: input.role, memberships: resolved.rows.length, from: first?.key ?? null, kept: others.length },
    });
    return { ok: true as const };
  });
}

/** Gives a person another membership (a SENCO who is also an Inclusion Champion), after the ones they have. */
export async function addMembership(
  db: DB,
  actor: Actor,
  userId: number,
  input: ScopeInput & { version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "users:manage");
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!exists) notFound();
  const resolved = await resolveMemberships(db, input);
  if (!resolved.ok) return resolved;
  return db.transaction().execute(async (trx) => {
    const current = (await membershipsOfUser(trx, userId)).flatMap(rowsOf);
    const added = distinctRows(resolved.rows).filter((row) => !current.some(sameRow(row)));
    if (!(await claimVersion(trx, userId, input.version))) {
      return resubmitted(trx, actor, userId, { memberships: distinctRows([...current, ...resolved.rows]) });
    }
    if (added.length === 0) {
      const field = input.role === "inclusion_champion" ? "championUrns" : input.role === "senco" || input.role === "headteacher" ? "schoolUrn" : input.role === "stls" ? "districtCode" : "role";
      throw new AlreadyHeld(field);
    }
    await trx
      .insertInto("memberships")
      .values(added.map((r) => ({ ...r, user_id: userId })))
      .execute();
    const after = await membershipsOfUser(trx, userId);
    const membership = after.find((m) => m.role === input.role && rowsOf(m).some(sameRow(added[0]!)));
    await recordAudit(trx, {
      actor,
      action: "user.add_membership",
      subjectType: "user",
      subjectId: userId,
      requestId,
      detail: { membership: membership?.key ?? input.role, role: input.role, rows: added.length },
    });
    return { ok: true as const };
  }).catch((error: unknown) => {
    // Nothing new to add: the transaction (and its version claim) is rolled back, and the admin is told.
    if (error instanceof AlreadyHeld) return refuse(error.field, "They already have this role there");
    throw error;
  });
}

class AlreadyHeld extends Error {
  constructor(readonly field: string) {
    super("membership already held");
  }
}

/** Takes one membership away from a person; never their last, never an administrator's own administrator role. */
export async function removeMembership(
  db: DB,
  actor: Actor,
  userId: number,
  input: { key: string; version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "users:manage");
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!exists) notFound();
  return db.transaction().execute(async (trx) => {
    const memberships = await membershipsOfUser(trx, userId);
    const membership = memberships.find((m) => m.key === input.key);
    const rest = memberships.filter((m) => m.key !== input.key).flatMap(rowsOf);
    // Refusals first, so a refused form never moves the version on.
    if (membership && memberships.length === 1) return { ok: false as const, formError: LAST_MEMBERSHIP };
    if (membership && userId === actor.userId && membership.role === "admin") return { ok: false as const, formError: OWN_ADMIN };
    if (!membership) {
      const { version } = await trx.selectFrom("users").select("version").where("id", "=", userId).executeTakeFirstOrThrow();
      // Sent again after it was removed (a double click): the same change, already made.
      if (version !== input.version) return resubmitted(trx, actor, userId, { memberships: rest });
      return { ok: false as const, formError: "They do not have this role. The page shows the roles they have." };
    }
    if (!(await claimVersion(trx, userId, input.version))) return resubmitted(trx, actor, userId, { memberships: rest });
    await replaceMemberships(trx, userId, rest);
    // What they may see shrinks: their sessions end, as when a role is changed.
    await invalidateUserSessions(trx, userId);
    await recordAudit(trx, {
      actor,
      action: "user.remove_membership",
      subjectType: "user",
      subjectId: userId,
      requestId,
      detail: { membership: membership.key, role: membership.role },
    });
    return { ok: true as const };
  });
}

export async function setUserActive(
  db: DB,
  actor: Actor,
  userId: number,
  input: { intent: "deactivate" | "reactivate"; version: number },
  requestId: string,
): Promise<Result<object>> {
  requirePermission(actor, "users:manage");
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!exists) notFound();
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

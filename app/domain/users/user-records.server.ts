import type { Kysely, Transaction, UpdateObject } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { MEMBERSHIP_COLUMNS } from "../access/actor.server.ts";
import { type Membership, membershipsOf } from "../access/memberships.ts";
import type { Role } from "../access/roles.ts";
import { lastChangeOf } from "../audit/audit.server.ts";
import { updateAtVersion } from "../record.server.ts";
import { type Refusal, refuse } from "../result.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { areasOf } from "../funding/casework/areas.server.ts";
import type { CouncilArea } from "../schools/council-areas.ts";
import { parseUrns } from "./users.schema.ts";

type DB = Kysely<Database>;

// How a person's memberships are read, resolved from the admin's form and written, and how a change to the
// account sent against an old version is answered: shared by the account use-cases (users.server.ts) and the
// membership use-cases (memberships.server.ts).

/** The admin's way in to an account: the permission, then the account itself (the same 404 as any missing page). */
export async function requireAccount(db: DB, actor: Actor, userId: number): Promise<void> {
  requirePermission(actor, "users:manage");
  const exists = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  if (!exists) notFound();
}

/** A person's memberships, grouped as they act in them (memberships.ts), in the order they were given. */
export async function membershipsOfUser(db: DB, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom("memberships")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .leftJoin("districts", "districts.id", "memberships.district_id")
    .select(MEMBERSHIP_COLUMNS)
    .where("memberships.user_id", "=", userId)
    .orderBy("memberships.id")
    .execute();
  return membershipsOf(rows);
}

export const LAST_MEMBERSHIP = "A person must keep at least one role: change this one instead, or deactivate the account";
export const OWN_ADMIN = "You cannot remove your own administrator role: ask another administrator";

export interface ScopeInput {
  role: Role;
  schoolUrn?: string;
  championUrns?: string;
  districtCode?: string;
}

export type MembershipRow = { role: Role; school_id: number | null; district_id: number | null };

/** Turns the form's URNs and district into membership rows, or says which field is wrong. */
export async function resolveMemberships(db: DB, input: ScopeInput): Promise<{ ok: true; rows: MembershipRow[] } | Refusal> {
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
export function rowsOf(membership: Membership): MembershipRow[] {
  if (membership.schoolIds.length > 0) return membership.schoolIds.map((id) => ({ role: membership.role, school_id: id, district_id: null }));
  return [{ role: membership.role, school_id: null, district_id: membership.districtId }];
}

export const sameRow = (a: MembershipRow) => (b: MembershipRow) => a.role === b.role && a.school_id === b.school_id && a.district_id === b.district_id;

/** Rows without repeats, the first of each kept (the unique index allows one of each). */
export function distinctRows(rows: MembershipRow[]): MembershipRow[] {
  return rows.filter((row, i) => rows.findIndex(sameRow(row)) === i);
}

/** Writes the person's memberships as `rows`, in that order: the first row's membership is where they start. */
export async function replaceMemberships(trx: Transaction<Database>, userId: number, rows: MembershipRow[]) {
  await trx.deleteFrom("memberships").where("user_id", "=", userId).execute();
  await trx
    .insertInto("memberships")
    .values(rows.map((r) => ({ ...r, user_id: userId })))
    .execute();
}

/** Claims the user row at the version the admin saw; false when someone else changed it first. */
export function claimVersion(trx: Transaction<Database>, userId: number, version: number, set: UpdateObject<Database, "users"> = {}) {
  return updateAtVersion(trx, "users", { id: userId }, version, set);
}

/** The memberships as one comparable value: the same set however the rows are ordered. */
export function membershipKeys(rows: { role: string; school_id: number | null; district_id: number | null }[]): string[] {
  return rows.map((r) => `${r.role}:${r.school_id ?? ""}:${r.district_id ?? ""}`).sort();
}

/**
 * A change to a user sent against an old version (the rule in resubmission.server.ts): the same change sent again
 * if the account already is as the form asks; otherwise refused, saying who changed it, when and what differs.
 */
export async function resubmitted(
  db: DB,
  actor: Actor,
  userId: number,
  submitted: { memberships?: MembershipRow[]; active?: boolean; areas?: string[] },
) {
  const user = await db.selectFrom("users").select("active").where("id", "=", userId).executeTakeFirstOrThrow();
  const memberships = await db.selectFrom("memberships").select(["role", "school_id", "district_id"]).where("user_id", "=", userId).execute();
  return answerOldVersion(db, actor, {
    submitted: { memberships: submitted.memberships && membershipKeys(submitted.memberships), active: submitted.active, areas: submitted.areas },
    recorded: { memberships: membershipKeys(memberships), active: user.active, areas: await officerAreasOf(db, userId) },
    labels: { memberships: "role and where it applies", active: "whether the account is active", areas: "the areas they work in" },
    changed: await lastChangeOf(db, { type: "user", id: userId }, USER_CHANGES),
  });
}

/** Every audited change to an account that moves its version on. */
const USER_CHANGES = [
  "user.create",
  "user.change_role",
  "user.deactivate",
  "user.reactivate",
  "user.add_membership",
  "user.remove_membership",
  "user.set_officer_areas",
];

/** The areas a council officer works in (officer_areas, ADR 30), in the council's order: casework's own reading. */
export async function officerAreasOf(db: DB, userId: number): Promise<CouncilArea[]> {
  // The table's CHECK constraint holds the council's areas only.
  return (await areasOf(db, userId)) as CouncilArea[];
}

import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { generateSessionToken, sessionIdFromToken } from "../../auth/session.server.ts";
import { type Actor, can, notFound } from "../access/access.server.ts";
import { ROLE_LABELS, type Role, isRole } from "../access/roles.ts";
import { ownSchoolId, schoolInReach } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { INVITATION_DAYS, type InvitationState, type InvitationSummary } from "./invitations.schema.ts";
import { type MembershipRow, distinctRows, resolveMemberships, sameRow, type ScopeInput } from "./user-records.server.ts";

type DB = Kysely<Database>;

/**
 * Staff invitations (issue 12, ADR 59), on the password reset's design (ADR 57): the invitation email's one-time
 * link is made as the email is sent (`invitationLinkFor`, called by the outbox's dispatch), 160 random bits of which
 * only the SHA-256 is stored, valid seven days from then. Nothing in the database, the outbox or the admin's outbox
 * page is a working link. A resend queues a new email (a new link; the older stops working at once); a revoke ends
 * the invitation and any email of it not yet sent.
 *
 * Who invites: the administrator, anyone to any role and place; a headteacher, only SENCOs and headteachers of the
 * school they act for (never a council role, never another school), whatever the form sends.
 */

export const INVITATION_LINK_MS = INVITATION_DAYS * 24 * 60 * 60 * 1000;
export const INVITATION_PATH = "/invitation";
export const INVITATIONS_PAGE_SIZE = 50;

export const SCHOOL_ROLES_ONLY = "You can invite only SENCOs and headteachers of your own school";
export const OWN_SCHOOL_ONLY = "You can invite staff only to your own school";
export const ALREADY_INVITED = "They have already been invited to this role: resend their invitation from the list instead";
export const ALREADY_HELD = "They already have this role there";
export const DEACTIVATED = "This address belongs to a deactivated account: ask the administrator to reactivate it instead";

export interface InviteInput extends ScopeInput {
  email: string;
  displayName?: string;
}

/** How the actor invites: the administrator for the county, a headteacher for their own school; anyone else 404. */
export function invitingReach(actor: Actor): "county" | "school" {
  if (can(actor, "users:manage")) return "county";
  if (can(actor, "invitations:school") && ownSchoolId(actor) !== undefined) return "school";
  notFound();
}

/** The school a headteacher invites to (the one they act for), for their invitation form. */
export async function invitingSchoolName(db: DB, actor: Actor): Promise<string> {
  if (invitingReach(actor) !== "school") notFound();
  return (await db.selectFrom("schools").select("name").where("id", "=", ownSchoolId(actor)!).executeTakeFirstOrThrow()).name;
}

/** An invitation as it will be made: its membership rows and the words that name its role and place. */
export interface InvitationTarget {
  role: Role;
  rows: MembershipRow[];
  /** The school of a school role, the district of an STLS teacher: what the list is scoped and keyed by. */
  schoolId: number | null;
  districtId: number | null;
  place: string;
}

/**
 * The membership rows an invitation gives, or what is wrong, by field. A headteacher's are their own school's
 * SENCO or headteacher only: another role, or another school's URN, is refused (never quietly changed).
 */
export async function invitationTarget(db: DB, actor: Actor, input: ScopeInput): Promise<({ ok: true } & InvitationTarget) | Refusal> {
  const role = input.role;
  if (invitingReach(actor) === "school") {
    if (role !== "senco" && role !== "headteacher") return refuse("role", SCHOOL_ROLES_ONLY);
    const school = await db.selectFrom("schools").select(["id", "urn", "name"]).where("id", "=", ownSchoolId(actor)!).executeTakeFirstOrThrow();
    if (input.schoolUrn && input.schoolUrn !== school.urn) return refuse("schoolUrn", OWN_SCHOOL_ONLY);
    return { ok: true, role, rows: [{ role, school_id: school.id, district_id: null }], schoolId: school.id, districtId: null, place: school.name };
  }
  const resolved = await resolveMemberships(db, input);
  if (!resolved.ok) return resolved;
  const rows = distinctRows(resolved.rows);
  const first = rows[0]!;
  if (role === "senco" || role === "headteacher") {
    const school = await db.selectFrom("schools").select("name").where("id", "=", first.school_id!).executeTakeFirstOrThrow();
    return { ok: true, role, rows, schoolId: first.school_id, districtId: null, place: school.name };
  }
  if (role === "stls") {
    const district = await db.selectFrom("districts").select("name").where("id", "=", first.district_id!).executeTakeFirstOrThrow();
    return { ok: true, role, rows, schoolId: null, districtId: first.district_id, place: `${district.name} district` };
  }
  if (role === "inclusion_champion") return { ok: true, role, rows, schoolId: null, districtId: null, place: `${rows.length} ${rows.length === 1 ? "school" : "schools"}` };
  return { ok: true, role, rows, schoolId: null, districtId: null, place: "Kent County Council" };
}

/**
 * Whether `email` may be invited to `target` now: not if the account already holds every row of it, nor if the
 * account is deactivated, nor while an invitation to the same role and place is still open and unexpired. An open
 * one that has expired is closed, so the new one takes its place (it stays listed as expired).
 */
async function invitable(trx: DB, email: string, target: InvitationTarget, now: Date): Promise<Refusal | null> {
  const user = await trx.selectFrom("users").select(["id", "active"]).where("email", "=", email).executeTakeFirst();
  if (user && !user.active) return refuse("email", DEACTIVATED);
  if (user) {
    const held = await trx.selectFrom("memberships").select(["role", "school_id", "district_id"]).where("user_id", "=", user.id).execute();
    if (target.rows.every((row) => held.some((h) => sameRow(row)({ ...h, role: h.role as Role })))) return refuse("email", ALREADY_HELD);
  }
  const open = await trx
    .selectFrom("invitations")
    .select(["id", "expires_at"])
    .where("email", "=", email)
    .where("role", "=", target.role)
    .where((eb) => (target.schoolId === null ? eb("school_id", "is", null) : eb("school_id", "=", target.schoolId)))
    .where((eb) => (target.districtId === null ? eb("district_id", "is", null) : eb("district_id", "=", target.districtId)))
    .where("closed_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (open && (open.expires_at === null || open.expires_at > now)) return refuse("email", ALREADY_INVITED);
  if (open) await trx.updateTable("invitations").set({ closed_at: now, token_hash: null }).where("id", "=", open.id).execute();
  return null;
}

/** The invitation email, queued in the same transaction. Its link is made as it is sent (invitationLinkFor). */
async function queueInvitationEmail(trx: DB, invitation: { id: number; email: string; roleLabel: string; place: string; invitedBy: string }) {
  await trx
    .insertInto("email_outbox")
    .values({
      to_address: invitation.email,
      subject: "You are invited to the Kent SEND inclusion portal",
      body: [
        `${invitation.invitedBy} has invited you to the Kent SEND inclusion portal as ${invitation.roleLabel}, ${invitation.place}.`,
        `To accept, open the link below within ${INVITATION_DAYS} days. It works once. You will choose your password there; if you already have an account, you confirm with its password and the role is added to it.`,
        "If you were not expecting this, you can ignore this email.",
      ].join("\n\n"),
      link: INVITATION_PATH,
      invitation_id: invitation.id,
    })
    .execute();
}

/**
 * Makes one invitation inside the caller's transaction, after `invitable`: its row, its email, its audit row. The
 * unique index on open invitations settles two people inviting the same address at once (the caller is told).
 */
export async function makeInvitation(
  trx: DB,
  actor: Actor,
  input: { email: string; displayName?: string; target: InvitationTarget },
  requestId: string,
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<Refusal | { ok: true; invitationId: number }> {
  const refusal = await invitable(trx, input.email, input.target, now);
  if (refusal) return refusal;
  const { target } = input;
  const invitation = await trx
    .insertInto("invitations")
    .values({
      email: input.email,
      display_name: input.displayName || null,
      role: target.role,
      school_id: target.schoolId,
      district_id: target.districtId,
      memberships: JSON.stringify(target.rows),
      invited_by: actor.userId,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await queueInvitationEmail(trx, { id: invitation.id, email: input.email, roleLabel: ROLE_LABELS[target.role], place: target.place, invitedBy: actor.name });
  await recordAudit(trx, {
    actor,
    action: "invitation.create",
    subjectType: "invitation",
    subjectId: invitation.id,
    requestId,
    detail: { role: target.role, memberships: target.rows.length, ...detail },
  });
  return { ok: true, invitationId: invitation.id };
}

/** Invites one person (the invitation form). */
export async function inviteStaff(db: DB, actor: Actor, input: InviteInput, requestId: string, now = new Date()): Promise<Result<{ invitationId: number }>> {
  const target = await invitationTarget(db, actor, input);
  if (!target.ok) return target;
  try {
    return await db.transaction().execute((trx) => makeInvitation(trx, actor, { email: input.email, displayName: input.displayName, target }, requestId, now));
  } catch (error) {
    if (isUniqueViolation(error, "invitations_open_idx")) return refuse("email", ALREADY_INVITED);
    throw error;
  }
}

/**
 * The one-time link of an invitation email being sent now: a new token whose hash replaces any earlier one (a retried
 * or resent email carries a fresh link; the older stops working), valid INVITATION_DAYS from now. Null when the
 * invitation is no longer open (accepted or revoked): that email is not sent.
 */
export async function invitationLinkFor(db: DB, invitationId: number, now = new Date()): Promise<string | null> {
  const token = generateSessionToken();
  const updated = await db
    .updateTable("invitations")
    .set({ token_hash: sessionIdFromToken(token), sent_at: now, expires_at: new Date(now.getTime() + INVITATION_LINK_MS) })
    .where("id", "=", invitationId)
    .where("closed_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  // The token in the query, not the path: request logs carry paths and never queries.
  return updated ? `${INVITATION_PATH}?token=${token}` : null;
}

/** The state a list shows: accepted, revoked, expired (its link's time ran out, or it was replaced), else pending. */
export function invitationState(row: { accepted_at: Date | null; revoked_at: Date | null; closed_at: Date | null; expires_at: Date | null }, now: Date): InvitationState {
  if (row.accepted_at) return "accepted";
  if (row.revoked_at) return "revoked";
  if (row.closed_at || (row.expires_at !== null && row.expires_at <= now)) return "expired";
  return "pending";
}

/** The invitations the actor may see, newest first, a page at a time: the county's for the admin, their school's for a headteacher. */
export async function listInvitations(db: DB, actor: Actor, filter: { page: number }, now = new Date()): Promise<{ rows: InvitationSummary[]; hasMore: boolean }> {
  const reach = invitingReach(actor);
  let query = db
    .selectFrom("invitations")
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .leftJoin("schools", "schools.id", "invitations.school_id")
    .leftJoin("districts", "districts.id", "invitations.district_id")
    .select([
      "invitations.id",
      "invitations.email",
      "invitations.display_name",
      "invitations.role",
      "invitations.memberships",
      "invitations.created_at",
      "invitations.sent_at",
      "invitations.expires_at",
      "invitations.accepted_at",
      "invitations.revoked_at",
      "invitations.closed_at",
      "inviter.display_name as inviter_name",
      "schools.name as school_name",
      "districts.name as district_name",
    ])
    .orderBy("invitations.id", "desc")
    .limit(INVITATIONS_PAGE_SIZE + 1)
    .offset(Math.max(0, filter.page - 1) * INVITATIONS_PAGE_SIZE);
  if (reach === "school") query = query.where(schoolInReach(actor, "invitations.school_id")).where("invitations.role", "in", ["senco", "headteacher"]);
  const rows = await query.execute();
  return {
    hasMore: rows.length > INVITATIONS_PAGE_SIZE,
    rows: rows.slice(0, INVITATIONS_PAGE_SIZE).map((r) => {
      const role = isRole(r.role) ? r.role : null;
      const schools = Array.isArray(r.memberships) ? r.memberships.length : 0;
      const state = invitationState(r, now);
      return {
        id: r.id,
        email: r.email,
        name: r.display_name,
        roleLabel: role ? ROLE_LABELS[role] : r.role,
        place:
          r.school_name ??
          (r.district_name ? `${r.district_name} district` : role === "inclusion_champion" ? `${schools} ${schools === 1 ? "school" : "schools"}` : "Kent County Council"),
        invitedBy: r.inviter_name,
        invitedAt: r.created_at,
        state,
        sentAt: r.sent_at,
        expiresAt: r.expires_at,
        acceptedAt: r.accepted_at,
        open: r.closed_at === null,
      };
    }),
  };
}

/** One invitation the actor may act on, locked for the change; 404 when it is not theirs to see. */
async function lockInvitation(trx: DB, actor: Actor, invitationId: number) {
  let query = trx
    .selectFrom("invitations")
    .select(["id", "email", "role", "accepted_at", "revoked_at", "closed_at", "school_id", "district_id", "memberships"])
    .where("id", "=", invitationId);
  if (invitingReach(actor) === "school") query = query.where(schoolInReach(actor, "invitations.school_id")).where("role", "in", ["senco", "headteacher"]);
  const invitation = await query.forUpdate().executeTakeFirst();
  if (!invitation) notFound();
  return invitation;
}

export const ALREADY_ACCEPTED = "This invitation has already been accepted: the person has an account. Change their roles on their account page.";
export const WAS_REVOKED = "This invitation was revoked. Invite them again if they should have an account.";
export const WAS_REPLACED = "A newer invitation to the same role has replaced this one: resend that one instead.";

/**
 * Sends an invitation again: a new email whose link (made as it is sent) replaces the old one, which stops working at
 * once, valid seven days from its sending. An expired invitation is reopened so. Sent twice before the email has
 * gone (a double click): one email. Accepted, revoked or replaced invitations are refused (409).
 */
export async function resendInvitation(db: DB, actor: Actor, input: { invitationId: number }, requestId: string): Promise<Result<object>> {
  invitingReach(actor);
  return db.transaction().execute(async (trx) => {
    const invitation = await lockInvitation(trx, actor, input.invitationId);
    if (invitation.accepted_at) return { ok: false as const, formError: ALREADY_ACCEPTED };
    if (invitation.revoked_at) return { ok: false as const, formError: WAS_REVOKED };
    if (invitation.closed_at) return { ok: false as const, formError: WAS_REPLACED };
    const waiting = await trx.selectFrom("email_outbox").select("id").where("invitation_id", "=", invitation.id).where("sent_at", "is", null).executeTakeFirst();
    if (waiting) return { ok: true as const };
    await trx.updateTable("invitations").set({ token_hash: null, sent_at: null, expires_at: null }).where("id", "=", invitation.id).execute();
    const target = await targetWords(trx, invitation);
    await queueInvitationEmail(trx, { id: invitation.id, email: invitation.email, roleLabel: target.roleLabel, place: target.place, invitedBy: actor.name });
    await recordAudit(trx, { actor, action: "invitation.resend", subjectType: "invitation", subjectId: invitation.id, requestId });
    return { ok: true as const };
  });
}

/** Revokes an invitation: its link stops working and an email of it not yet sent is not sent. Twice: done once. */
export async function revokeInvitation(db: DB, actor: Actor, input: { invitationId: number }, requestId: string, now = new Date()): Promise<Result<object>> {
  invitingReach(actor);
  return db.transaction().execute(async (trx) => {
    const invitation = await lockInvitation(trx, actor, input.invitationId);
    if (invitation.accepted_at) return { ok: false as const, formError: ALREADY_ACCEPTED };
    if (invitation.revoked_at) return { ok: true as const };
    await trx
      .updateTable("invitations")
      .set({ revoked_at: now, revoked_by: actor.userId, closed_at: invitation.closed_at ?? now, token_hash: null })
      .where("id", "=", invitation.id)
      .execute();
    await recordAudit(trx, { actor, action: "invitation.revoke", subjectType: "invitation", subjectId: invitation.id, requestId });
    return { ok: true as const };
  });
}

/** The role and place of an invitation, in words (its email, its acceptance page). */
export async function targetWords(db: DB, invitation: { role: string; school_id: number | null; district_id: number | null; memberships: unknown }) {
  const role = isRole(invitation.role) ? invitation.role : null;
  const roleLabel = role ? ROLE_LABELS[role] : invitation.role;
  if (invitation.school_id !== null) {
    const school = await db.selectFrom("schools").select("name").where("id", "=", invitation.school_id).executeTakeFirstOrThrow();
    return { roleLabel, place: school.name };
  }
  if (invitation.district_id !== null) {
    const district = await db.selectFrom("districts").select("name").where("id", "=", invitation.district_id).executeTakeFirstOrThrow();
    return { roleLabel, place: `${district.name} district` };
  }
  const n = Array.isArray(invitation.memberships) ? invitation.memberships.length : 0;
  return { roleLabel, place: role === "inclusion_champion" ? `${n} ${n === 1 ? "school" : "schools"}` : "Kent County Council" };
}

/** The membership rows an invitation holds (written by makeInvitation), each checked. */
export function invitationRows(memberships: unknown): MembershipRow[] {
  if (!Array.isArray(memberships)) return [];
  return memberships.flatMap((m: { role?: unknown; school_id?: unknown; district_id?: unknown }) =>
    isRole(m?.role) && (m.school_id === null || typeof m.school_id === "number") && (m.district_id === null || typeof m.district_id === "number")
      ? [{ role: m.role, school_id: m.school_id, district_id: m.district_id }]
      : [],
  );
}

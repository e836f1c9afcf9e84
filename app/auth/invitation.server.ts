import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import type { Role } from "../domain/access/roles.ts";
import { auditActorFor, recordAudit } from "../domain/audit/audit.server.ts";
import { isUniqueViolation } from "../domain/record.server.ts";
import type { Result } from "../domain/result.ts";
import { INVITATION_LINK_ENDED } from "../domain/users/invitations.schema.ts";
import { invitationRows, targetWords } from "../domain/users/invitations.server.ts";
import { distinctRows, sameRow } from "../domain/users/user-records.server.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server.ts";
import { isResetTokenShape } from "./password-reset.server.ts";
import { sessionIdFromToken } from "./session.server.ts";
import { passwordChecksLimited, recordPasswordCheck, type SignInLimits } from "./sign-in.server.ts";

/**
 * Accepting a staff invitation (issue 12, ADR 59): the link's token, checked as a reset link's is (its SHA-256 looked
 * up, open, unexpired), then, under the invitation's lock so two tabs accept once:
 * - no account with the address: the person names themselves (if the invitation did not) and chooses a password;
 *   the account is made with the invitation's memberships;
 * - an active account: they confirm with its password (within the sign-in limits) and the memberships are added to
 *   it; nothing else about the account changes.
 * Either way they then sign in. A forged, stale or used link, and a wrong password, count as failures of the internet
 * address: past ACCEPT_FAILURES_PER_IP in ACCEPT_WINDOW_MS, accepting is refused (429) as too many reset requests are.
 */

export const ACCEPT_FAILURES_PER_IP = 10;
export const ACCEPT_WINDOW_MS = 15 * 60 * 1000;
export const TOO_MANY_ACCEPTS = "There have been too many attempts to accept an invitation from this connection. Wait 15 minutes and try again.";
export const WRONG_PASSWORD = "The password is not right for your account. Enter the password you sign in with, or reset it from the sign-in page.";
export const DEACTIVATED_ACCOUNT = "Your account on the portal is deactivated. Ask the administrator to reactivate it.";

type DB = Kysely<Database>;

function liveInvitation(db: DB, token: string, now: Date) {
  return db
    .selectFrom("invitations")
    .where("token_hash", "=", sessionIdFromToken(token))
    .where("closed_at", "is", null)
    .where("expires_at", ">", now);
}

/** What the acceptance page shows for a link: nothing when it does not work. */
export interface InvitationOffer {
  email: string;
  /** The name the inviter gave, if any. */
  displayName: string | null;
  roleLabel: string;
  place: string;
  invitedBy: string;
  expiresAt: Date;
  /** The address already has an account: they confirm with its password rather than choosing one. */
  existingAccount: boolean;
  deactivated: boolean;
}

export async function invitationOffer(db: DB, token: string, now = new Date()): Promise<InvitationOffer | null> {
  if (!isResetTokenShape(token)) return null;
  const found = await liveInvitation(db, token, now)
    .innerJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .select([
      "invitations.email",
      "invitations.display_name",
      "invitations.role",
      "invitations.school_id",
      "invitations.district_id",
      "invitations.memberships",
      "invitations.expires_at",
      "inviter.display_name as inviter_name",
    ])
    .executeTakeFirst();
  if (!found) return null;
  const account = await db.selectFrom("users").select("active").where("email", "=", found.email).executeTakeFirst();
  const words = await targetWords(db, found);
  return {
    email: found.email,
    displayName: found.display_name,
    ...words,
    invitedBy: found.inviter_name,
    expiresAt: found.expires_at!,
    existingAccount: Boolean(account),
    deactivated: account?.active === false,
  };
}

async function acceptFailuresLimited(db: DB, ip: string, now: Date) {
  const row = await db
    .selectFrom("invitation_accept_failures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", ip)
    .where("attempted_at", ">", new Date(now.getTime() - ACCEPT_WINDOW_MS))
    .executeTakeFirstOrThrow();
  return Number(row.n) >= ACCEPT_FAILURES_PER_IP;
}

async function recordAcceptFailure(db: DB, input: { ip: string; requestId: string }, reason: string, now: Date) {
  await db.insertInto("invitation_accept_failures").values({ ip: input.ip, attempted_at: now }).execute();
  await db.deleteFrom("invitation_accept_failures").where("attempted_at", "<", new Date(now.getTime() - 86_400_000)).execute();
  await recordAudit(db, { action: "invitation.accept_failed", subjectType: "sign_in", requestId: input.requestId, detail: { reason } });
}

const ended = { ok: false as const, formError: INVITATION_LINK_ENDED };

/** The invitation used up by the account it gave (or added to), and the audit row, in the accepting transaction. */
async function markAccepted(trx: DB, accepted: { invitationId: number; userId: number; requestId: string; now: Date }, detail: Record<string, unknown>) {
  const { invitationId, userId, now } = accepted;
  await trx.updateTable("invitations").set({ accepted_at: now, accepted_user_id: userId, closed_at: now, token_hash: null }).where("id", "=", invitationId).execute();
  await recordAudit(trx, {
    actor: await auditActorFor(trx, userId),
    action: "invitation.accept",
    subjectType: "invitation",
    subjectId: invitationId,
    requestId: accepted.requestId,
    detail,
  });
}

export async function acceptInvitation(
  db: DB,
  input: { token: string; displayName?: string; password: string; ip: string; requestId: string; limits: SignInLimits },
  now = new Date(),
): Promise<Result<{ existingAccount: boolean }>> {
  if (await acceptFailuresLimited(db, input.ip, now)) {
    await recordAudit(db, { action: "invitation.accept_rate_limited", subjectType: "sign_in", requestId: input.requestId });
    return { ok: false, formError: TOO_MANY_ACCEPTS, tooMany: true };
  }
  const found = isResetTokenShape(input.token) ? await liveInvitation(db, input.token, now).select(["id", "email", "display_name"]).executeTakeFirst() : undefined;
  if (!found) {
    await recordAcceptFailure(db, input, "link", now);
    return ended;
  }
  const account = await db.selectFrom("users").select(["id", "active", "password_hash"]).where("email", "=", found.email).executeTakeFirst();
  if (account && !account.active) return { ok: false, formError: DEACTIVATED_ACCOUNT };

  if (account) {
    const who = { email: found.email, ip: input.ip };
    if ((await passwordChecksLimited(db, who, input.limits, now)).limited) return { ok: false, formError: TOO_MANY_ACCEPTS, tooMany: true };
    const passwordOk = await verifyPassword(account.password_hash, input.password);
    await recordPasswordCheck(db, who, passwordOk, now);
    if (!passwordOk) {
      await recordAcceptFailure(db, input, "wrong_password", now);
      return { ok: false, fieldErrors: { password: [WRONG_PASSWORD] } };
    }
    return db.transaction().execute(async (trx) => {
      const invitation = await liveInvitation(trx, input.token, now).select(["id", "memberships"]).forUpdate().executeTakeFirst();
      if (!invitation) return ended;
      const held = (await trx.selectFrom("memberships").select(["role", "school_id", "district_id"]).where("user_id", "=", account.id).execute()).map((h) => ({
        ...h,
        role: h.role as Role,
      }));
      const added = distinctRows(invitationRows(invitation.memberships)).filter((row) => !held.some(sameRow(row)));
      if (added.length > 0) await trx.insertInto("memberships").values(added.map((r) => ({ ...r, user_id: account.id }))).execute();
      await markAccepted(trx, { invitationId: invitation.id, userId: account.id, requestId: input.requestId, now }, { existingAccount: true, added: added.length });
      return { ok: true as const, existingAccount: true };
    });
  }

  const displayName = found.display_name ?? input.displayName;
  if (!displayName) return { ok: false, fieldErrors: { displayName: ["Enter your full name"] } };
  const problem = passwordProblem(input.password, { email: found.email });
  if (problem) return { ok: false, fieldErrors: { password: [problem] } };
  // Hashed before the transaction (scrypt takes a moment); the link is checked again under its row's lock.
  const hash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const invitation = await liveInvitation(trx, input.token, now).select(["id", "memberships"]).forUpdate().executeTakeFirst();
      if (!invitation) return ended;
      const user = await trx
        .insertInto("users")
        .values({ email: found.email, display_name: displayName, password_hash: hash })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = distinctRows(invitationRows(invitation.memberships));
      await trx.insertInto("memberships").values(rows.map((r) => ({ ...r, user_id: user.id }))).execute();
      await markAccepted(trx, { invitationId: invitation.id, userId: user.id, requestId: input.requestId, now }, { existingAccount: false, userId: user.id });
      return { ok: true as const, existingAccount: false };
    });
  } catch (error) {
    // The address got an account meanwhile (another invitation accepted at the same moment): they confirm instead.
    if (isUniqueViolation(error)) return { ok: false, formError: "An account with this address was made a moment ago. Open the link again to add this role to it." };
    throw error;
  }
}

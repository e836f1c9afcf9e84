import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { invalidateUserSessions } from "../../auth/session.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { type Result, refuse } from "../result.ts";
import {
  claimVersion,
  distinctRows,
  LAST_MEMBERSHIP,
  membershipsOfUser,
  OWN_ADMIN,
  replaceMemberships,
  resolveMemberships,
  resubmitted,
  rowsOf,
  sameRow,
  type ScopeInput,
  requireAccount,
} from "./user-records.server.ts";

type DB = Kysely<Database>;

// A person's memberships, as the admin changes them on the user's page (ADR 23).

/** The membership rows the admin's form asks for, for an account that exists (404 otherwise), or what is wrong. */
async function membershipsAsked(db: DB, actor: Actor, userId: number, input: ScopeInput) {
  await requireAccount(db, actor, userId);
  return resolveMemberships(db, input);
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
  const resolved = await membershipsAsked(db, actor, userId, input);
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
  const resolved = await membershipsAsked(db, actor, userId, input);
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
  await requireAccount(db, actor, userId);
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

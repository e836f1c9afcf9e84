import type { SelectQueryBuilder } from "kysely";
import type { Database } from "../../../db/types.ts";
import { DB_INTEGER_MAX } from "../record.ts";
import { type Permission, type Role, roleCan } from "./roles.ts";
import { reachesSchool, schoolRowInReach } from "./scopes.server.ts";

/** Who is calling: built from the session and the user's memberships, never from the request body. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  role: Role;
  /** Schools the actor belongs to (SENCO, headteacher: one) or is assigned (Inclusion Champion). */
  schoolIds: number[];
  /** The STLS teacher's district. */
  districtId: number | null;
  /** How the audit log names the actor's organisation, e.g. `school:118000`, `district:maidstone`, `county`. */
  org: string;
  /** The membership the actor is acting in (its key and "SENCO, Oakfield Primary School"), and all they hold. */
  actingAs: { key: string; label: string };
  memberships: { key: string; label: string }[];
  sessionId: string;
  sessionExpiresAt: Date;
}

/** The answer for anything the actor may not see: the same 404 whether or not the thing exists. */
export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

/**
 * A record id from the URL: a positive whole number written plainly ("12", not "1e1" or "012") that a database
 * integer can hold, else 404.
 */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0 || id > DB_INTEGER_MAX || String(id) !== value) notFound();
  return id;
}

export function can(actor: Actor, permission: Permission): boolean {
  return roleCan(actor.role, permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) notFound();
}

/** Whether the actor may see this school at all (its staff, its champions, its district's STLS, the county). */
export function canSeeSchool(actor: Actor, school: { id: number; district_id: number }): boolean {
  return reachesSchool(actor, school);
}

/** The same rule as canSeeSchool, in SQL (scopes.server.ts): limits a query over `schools` to what the actor may see. */
export function scopeSchools<O>(
  query: SelectQueryBuilder<Database, "schools", O>,
  actor: Actor,
): SelectQueryBuilder<Database, "schools", O> {
  return query.where(schoolRowInReach(actor));
}

import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { schoolInReach, schoolRowInReach } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { normaliseUpn } from "../pupils/upn.ts";

/**
 * Finding the pupil a subject access request is about (issue 12, ADR 63): by name, UPN or record number, among the
 * schools in the officer's reach. subject-access.server.ts gathers what the portal holds about the one found.
 */

type DB = Kysely<Database>;

/** Results shown by the search; a narrower search finds the rest. */
export const SEARCH_LIMIT = 50;

export interface SubjectAccessSearch {
  q: string;
  school: string;
}

export function readSearch(params: URLSearchParams): SubjectAccessSearch & { submitted: boolean } {
  return { q: (params.get("q") ?? "").trim().slice(0, 100), school: (params.get("school") ?? "").trim().slice(0, 10), submitted: params.has("q") };
}

/** The schools offered as a filter (those the officer reaches). */
export async function searchSchools(db: DB, actor: Actor) {
  requirePermission(actor, "pupils:subject_access");
  return db.selectFrom("schools").select(["urn", "name"]).where(schoolRowInReach(actor)).orderBy("name").orderBy("urn").execute();
}

/**
 * Pupils matching a name (any part of "first last"), a UPN, or a record number (digits only). An anonymised pupil
 * (ADR 60: no name, no UPN) is found only by its record number. The list shows children's names, so each pupil it
 * shows is audited as viewed (via "subject access search"), in the pupil's own access log.
 */
export async function searchPupils(db: DB, actor: Actor, search: SubjectAccessSearch, requestId: string) {
  requirePermission(actor, "pupils:subject_access");
  if (search.q === "") return [];
  const id = /^\d{1,9}$/.test(search.q) ? Number(search.q) : null;
  const upn = normaliseUpn(search.q);
  const name = search.q.toLowerCase().replace(/\s+/g, " ");
  let query = db
    .selectFrom("pupils")
    .innerJoin("schools", "schools.id", "pupils.school_id")
    .select(["pupils.id", "pupils.first_name", "pupils.last_name", "pupils.upn", "pupils.date_of_birth", "pupils.date_left", "pupils.anonymised_at", "schools.name as school_name", "schools.urn"])
    .where(schoolInReach<"pupils">(actor, "pupils.school_id"))
    .where((eb) =>
      eb.or([
        ...(id === null ? [] : [eb("pupils.id", "=", id)]),
        eb.and([
          eb("pupils.anonymised_at", "is", null),
          eb.or([
            eb("pupils.upn", "=", upn),
            eb(sql<number>`strpos(lower(pupils.first_name || ' ' || pupils.last_name), ${name})`, ">", 0),
            eb(sql<number>`strpos(lower(pupils.last_name || ' ' || pupils.first_name), ${name})`, ">", 0),
          ]),
        ]),
      ]),
    );
  if (search.school !== "") query = query.where("schools.urn", "=", search.school);
  const rows = await auditedRead(
    db,
    () => query.orderBy("pupils.last_name").orderBy("pupils.first_name").orderBy("pupils.id").limit(SEARCH_LIMIT + 1).execute(),
    (found) => found.slice(0, SEARCH_LIMIT).map((r) => ({ actor, action: "pupil.view", subjectType: "pupil", subjectId: r.id, requestId, detail: { via: "subject access search" } })),
  );
  return rows.map((r) => ({
    id: r.id,
    name: `${r.first_name} ${r.last_name}`,
    upn: r.upn,
    dateOfBirth: r.date_of_birth,
    dateLeft: r.date_left,
    anonymised: r.anonymised_at !== null,
    school: `${r.school_name} (${r.urn})`,
  }));
}

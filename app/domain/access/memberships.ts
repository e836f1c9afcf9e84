import { isRole, ROLE_LABELS, type Role } from "./roles.ts";

/**
 * A person's memberships, as they act in them: one at a time, chosen in the header. A SENCO or headteacher
 * acts for one school; an Inclusion Champion for all the schools assigned to them; an STLS teacher for a
 * district; officers and administrators for the county. A person may hold several (an Inclusion Champion who is
 * also a school's SENCO). Zod-free and client-safe.
 */
export interface MembershipRow {
  role: string;
  school_id: number | null;
  district_id: number | null;
  urn: string | null;
  code: string | null;
  school_name: string | null;
  district_name: string | null;
  /** The school's GIAS status: a membership of a closed school gives nothing (ADR 62); its records stay. */
  school_status?: string | null;
}

export interface Membership {
  /** Stable name for the choice, e.g. `senco:990001`, `inclusion_champion`, `stls:maidstone`. */
  key: string;
  role: Role;
  schoolIds: number[];
  districtId: number | null;
  /** How audit rows name the organisation: `school:990001`, `champion`, `district:maidstone`, `county`. */
  org: string;
  /** "SENCO, Oakfield Primary School", "Inclusion Champion, 9 schools". */
  label: string;
}

function schoolRole(role: Role) {
  return role === "senco" || role === "headteacher";
}

/** The memberships a person may act in, in the order they were given (the first is where they start). */
export function membershipsOf(rows: MembershipRow[]): Membership[] {
  const byKey = new Map<string, Membership>();
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    // A school that has closed (a GIAS import said so): its staff can no longer act for it.
    if (row.school_id !== null && row.school_status === "Closed") continue;
    const role = row.role;
    const key = schoolRole(role) ? `${role}:${row.urn}` : role === "stls" ? `stls:${row.code}` : role;
    const existing = byKey.get(key);
    if (existing) {
      if (row.school_id !== null) existing.schoolIds.push(row.school_id);
      continue;
    }
    byKey.set(key, {
      key,
      role,
      schoolIds: row.school_id !== null ? [row.school_id] : [],
      districtId: role === "stls" ? row.district_id : null,
      org: schoolRole(role) ? `school:${row.urn}` : role === "inclusion_champion" ? "champion" : role === "stls" ? `district:${row.code}` : "county",
      label: schoolRole(role)
        ? `${ROLE_LABELS[role]}, ${row.school_name}`
        : role === "stls"
          ? `${ROLE_LABELS[role]}, ${row.district_name}`
          : ROLE_LABELS[role],
    });
  }
  for (const membership of byKey.values()) {
    if (membership.role === "inclusion_champion") {
      const n = membership.schoolIds.length;
      membership.label = `${ROLE_LABELS.inclusion_champion}, ${n} ${n === 1 ? "school" : "schools"}`;
    }
  }
  return [...byKey.values()];
}

/** The membership a person acts in: the one chosen for this session while they still hold it, else their first. */
export function actingMembership(memberships: Membership[], chosen: string | null): Membership | undefined {
  return memberships.find((m) => m.key === chosen) ?? memberships[0];
}

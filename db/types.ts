// Written by `npm run db:types` from the migrations; do not edit by hand.
// tests/integration/schema-types.test.ts fails when this file and the migrations drift apart.
import type { ColumnType } from "kysely";

/** A column the database fills when an insert leaves it out (identity, default). */
export type Generated<T> =
  T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json = ColumnType<unknown, string, string>;

export interface AuditEvents {
  id: Generated<number>;
  occurred_at: Generated<Timestamp>;
  actor_user_id: number | null;
  actor_role: string | null;
  actor_org: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  request_id: string | null;
  detail: Generated<Json>;
}

export interface Districts {
  id: Generated<number>;
  code: string;
  name: string;
  area: string;
}

export interface Memberships {
  id: Generated<number>;
  user_id: number;
  role: string;
  school_id: number | null;
  district_id: number | null;
  created_at: Generated<Timestamp>;
}

export interface Schools {
  id: Generated<number>;
  urn: string;
  name: string;
  phase: string;
  establishment_type: string;
  district_id: number;
  number_on_roll: number | null;
  postcode: string | null;
  status: Generated<string>;
  resourced_provision_type: string | null;
  resourced_provision_capacity: number | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface Sessions {
  id: string;
  user_id: number;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
}

export interface SignInAttempts {
  id: Generated<number>;
  attempted_at: Generated<Timestamp>;
  ip: string;
  email: string;
  succeeded: boolean;
}

export interface Users {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  password_changed_at: Generated<Timestamp>;
  deactivated_at: Timestamp | null;
  version: Generated<number>;
}

export interface Database {
  audit_events: AuditEvents;
  districts: Districts;
  memberships: Memberships;
  schools: Schools;
  sessions: Sessions;
  sign_in_attempts: SignInAttempts;
  users: Users;
}

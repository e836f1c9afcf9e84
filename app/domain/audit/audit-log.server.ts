import { type Kysely, sql } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { isRole, ROLE_LABELS } from "../access/roles.ts";
import type { AuditFilterReading } from "./audit-filter.ts";
import { AUDIT_SUBJECT_WORDS, auditActionWords } from "./audit-words.ts";
import { ownEntry } from "../lookup.ts";

export const AUDIT_PAGE_SIZE = 50;
/** Pages the log counts up to: past that it says "more than". */
const COUNT_CAP = AUDIT_PAGE_SIZE * 200;

export interface AuditRow {
  id: number;
  occurredAt: Date;
  /** "Priya Shah (SENCO, school 990001)", or "Not signed in". */
  who: string;
  /** "Viewed a pupil's record". */
  what: string;
  /** The action's code ("pupil.view"), shown small beside the words for searching logs and support. */
  action: string;
  /** "Pupil record 12", "Funding request HNF-2026-00042". */
  record: string | null;
  requestId: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Matching events, counted up to COUNT_CAP. */
  total: number;
  capped: boolean;
  pageCount: number;
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The audit log, newest first, in words: who (and as which role and organisation), what, on which record;
 * filtered by person, action, record and dates (London days), 50 to a page. Reading the log is not itself
 * audited: its rows hold no child's name, need or date of birth.
 */
export async function listAuditEvents(db: Kysely<Database>, actor: Actor, reading: AuditFilterReading): Promise<AuditPage> {
  requirePermission(actor, "audit:view");
  const { filter, fromIso, toIso } = reading;
  let query = db.selectFrom("audit_events");
  if (filter.person) {
    const pattern = likePattern(filter.person.toLowerCase());
    query = query.where("actor_user_id", "in", (eb) =>
      eb.selectFrom("users").select("id").where((w) => w.or([w("email", "like", pattern), w(sql`lower(display_name)`, "like", pattern)])),
    );
  }
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.subjectType) query = query.where("subject_type", "=", filter.subjectType);
  if (filter.subject) {
    const byReference = filter.subjectType === "funding_request" || /^[A-Z]{2,6}-\d{4}-\d{5}$/i.test(filter.subject);
    const reference = filter.subject.toUpperCase();
    query = byReference
      ? query.where((w) =>
          w.or([
            w("subject_id", "=", filter.subject),
            w.and([
              w("subject_type", "=", "funding_request"),
              w("subject_id", "in", w.selectFrom("funding_requests").select(sql<string>`id::text`.as("id")).where("reference", "=", reference)),
            ]),
          ]),
        )
      : query.where("subject_id", "=", filter.subject);
  }
  if (fromIso) query = query.where("occurred_at", ">=", sql<Date>`(${fromIso}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  if (toIso) query = query.where("occurred_at", "<", sql<Date>`(${toIso}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);

  const offset = (filter.page - 1) * AUDIT_PAGE_SIZE;
  const [counted, rows] = await Promise.all([
    db
      .selectFrom(query.select(sql`1`.as("one")).limit(COUNT_CAP + 1).as("matching"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    query
      .leftJoin("users", "users.id", "audit_events.actor_user_id")
      .leftJoin("users as subject_user", (join) =>
        join.on("audit_events.subject_type", "=", "user").on(sql`audit_events.subject_id`, "=", sql`subject_user.id::text`),
      )
      .leftJoin("funding_requests", (join) =>
        join.on("audit_events.subject_type", "=", "funding_request").on(sql`audit_events.subject_id`, "=", sql`funding_requests.id::text`),
      )
      .select([
        "audit_events.id",
        "audit_events.occurred_at",
        "users.display_name",
        "audit_events.actor_role",
        "audit_events.actor_org",
        "audit_events.action",
        "audit_events.subject_type",
        "audit_events.subject_id",
        "audit_events.request_id",
        "subject_user.display_name as subject_user_name",
        "funding_requests.reference",
      ])
      .orderBy("audit_events.id", "desc")
      .limit(AUDIT_PAGE_SIZE)
      .offset(offset)
      .execute(),
  ]);
  const total = Math.min(Number(counted.n), COUNT_CAP);
  return {
    total,
    capped: Number(counted.n) > COUNT_CAP,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      who: r.display_name ? `${r.display_name}${actingAs(r.actor_role, r.actor_org)}` : "Not signed in",
      what: auditActionWords(r.action),
      action: r.action,
      record: r.subject_type ? recordWords(r.subject_type, r.subject_id, r.reference ?? r.subject_user_name) : null,
      requestId: r.request_id,
    })),
  };
}

function actingAs(role: string | null, org: string | null) {
  const roleWords = role && isRole(role) ? ROLE_LABELS[role] : role;
  const orgWords = org ? org.replace(/^school:/, "school ").replace(/^district:/, "district ").replace(/^county$/, "county") : null;
  const parts = [roleWords, orgWords].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function recordWords(type: string, id: string | null, name: string | null) {
  const kind = ownEntry(AUDIT_SUBJECT_WORDS, type) ?? type;
  if (name) return `${kind} ${name}`;
  return id ? `${kind} ${id}` : kind;
}

import { sql } from "kysely";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { championVisitInReach, fundingRequestInReach, reachOf, schoolInReach } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";
import { srpsOfSchools } from "../provision/school-srps.server.ts";
import type { DB } from "./store.server.ts";
import { CHAMPION_VISIT_STATUS_LABELS, type ChampionVisitStatus } from "./visits.workflow.ts";

/**
 * The /visits page (ADR 52). For a champion: each assigned school with its last visit, its open and overdue actions
 * and a short profile, read from the other areas' tables as counts only, never a pupil; then their reports. For a
 * school's staff: their school's published reports, newest first, and the actions overdue.
 */

/** A school's short profile for its champion: facts and counts, nothing about any child. */
export interface SchoolProfile {
  phase: string;
  numberOnRoll: number | null;
  district: string;
  /** Funding requests that have reached the council and wait for its decision (fundingRequestInReach). */
  openFundingRequests: number;
  /** LIFT referrals sent and waiting for LIFT (STLS involvement begins there). */
  openLiftReferrals: number;
  /** The Specialist Resource Provisions the school hosts, named ("ASD resource provision, Years R to 6"); not closed ones. */
  resourceProvisions: string[];
}

export interface AssignedSchool {
  id: number;
  urn: string;
  name: string;
  lastVisitOn: string | null;
  openActions: number;
  overdueActions: number;
  profile: SchoolProfile;
}

export interface VisitListItem {
  id: number;
  school: string;
  visitedOn: string | null;
  status: ChampionVisitStatus;
  statusLabel: string;
  champion: string;
  openActions: number;
  overdueActions: number;
}

const count = (n: unknown) => Number(n ?? 0);

/** Counts of a visit's actions (those of published visits only) for a list of visits. */
async function visitList(db: DB, actor: Actor, today: string, limit: number): Promise<VisitListItem[]> {
  const rows = await db
    .selectFrom("champion_visits")
    .innerJoin("schools", "schools.id", "champion_visits.school_id")
    .innerJoin("users", "users.id", "champion_visits.champion_user_id")
    .select((eb) => [
      "champion_visits.id",
      "champion_visits.visited_on",
      "champion_visits.status",
      "schools.name as school",
      "users.display_name as champion",
      eb
        .selectFrom("agreed_actions")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("agreed_actions.champion_visit_id", "=", "champion_visits.id")
        .where("agreed_actions.status", "=", "open")
        .as("open_actions"),
      eb
        .selectFrom("agreed_actions")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("agreed_actions.champion_visit_id", "=", "champion_visits.id")
        .where("agreed_actions.status", "=", "open")
        .where("agreed_actions.due_on", "<", today)
        .as("overdue_actions"),
    ])
    .where(championVisitInReach(actor))
    .orderBy(sql`champion_visits.status = 'draft'`, "desc")
    .orderBy("champion_visits.visited_on", (ob) => ob.desc().nullsFirst())
    .orderBy("champion_visits.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const status = r.status as ChampionVisitStatus;
    const published = status === "published";
    return {
      id: r.id,
      school: r.school,
      visitedOn: r.visited_on,
      status,
      statusLabel: CHAMPION_VISIT_STATUS_LABELS[status],
      champion: r.champion,
      openActions: published ? count(r.open_actions) : 0,
      overdueActions: published ? count(r.overdue_actions) : 0,
    };
  });
}

/** How many reports the page lists (newest first); older ones are the school's page's. */
export const VISITS_LISTED = 50;

export async function getChampionOverview(db: DB, actor: Actor, now = new Date()): Promise<{ schools: AssignedSchool[]; visits: VisitListItem[] }> {
  requirePermission(actor, "visits:log");
  const today = londonToday(now);
  const schools = await db
    .selectFrom("schools")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select((eb) => [
      "schools.id",
      "schools.urn",
      "schools.name",
      "schools.phase",
      "schools.number_on_roll",
      "districts.name as district",
      eb
        .selectFrom("champion_visits")
        .select((s) => s.fn.max("champion_visits.visited_on").as("d"))
        .whereRef("champion_visits.school_id", "=", "schools.id")
        .where("champion_visits.status", "=", "published")
        .as("last_visit_on"),
      eb
        .selectFrom("agreed_actions")
        .innerJoin("champion_visits", "champion_visits.id", "agreed_actions.champion_visit_id")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("champion_visits.school_id", "=", "schools.id")
        .where("champion_visits.status", "=", "published")
        .where("agreed_actions.status", "=", "open")
        .as("open_actions"),
      eb
        .selectFrom("agreed_actions")
        .innerJoin("champion_visits", "champion_visits.id", "agreed_actions.champion_visit_id")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("champion_visits.school_id", "=", "schools.id")
        .where("champion_visits.status", "=", "published")
        .where("agreed_actions.status", "=", "open")
        .where("agreed_actions.due_on", "<", today)
        .as("overdue_actions"),
      eb
        .selectFrom("funding_requests")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("funding_requests.school_id", "=", "schools.id")
        .where(fundingRequestInReach(actor))
        .where("funding_requests.status", "in", ["submitted", "in_review", "more_information_needed"])
        .as("open_funding"),
      eb
        .selectFrom("lift_referrals")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("lift_referrals.school_id", "=", "schools.id")
        .where(schoolInReach<"lift_referrals">(actor, "lift_referrals.school_id"))
        .where("lift_referrals.status", "=", "sent")
        .as("open_lift"),
    ])
    .where(schoolInReach<"schools">(actor, "schools.id"))
    .orderBy("schools.name")
    .execute();
  const srps = await srpsOfSchools(db, actor, schools.map((s) => s.id));
  return {
    schools: schools.map((s) => ({
      id: s.id,
      urn: s.urn,
      name: s.name,
      lastVisitOn: (s.last_visit_on as string | null) ?? null,
      openActions: count(s.open_actions),
      overdueActions: count(s.overdue_actions),
      profile: {
        phase: s.phase,
        numberOnRoll: s.number_on_roll,
        district: s.district,
        openFundingRequests: count(s.open_funding),
        openLiftReferrals: count(s.open_lift),
        resourceProvisions: srps.get(s.id) ?? [],
      },
    })),
    visits: await visitList(db, actor, today, VISITS_LISTED),
  };
}

export interface OverdueAction {
  id: number;
  description: string | null;
  dueOn: string;
  school: string;
  visitId: number;
}

/** Open actions past their due date under the actor's reach (published visits only); the school's own for its staff. */
export async function overdueActions(db: DB, actor: Actor, now: Date, limit: number): Promise<{ rows: OverdueAction[]; total: number }> {
  const today = londonToday(now);
  let query = db
    .selectFrom("agreed_actions")
    .innerJoin("champion_visits", "champion_visits.id", "agreed_actions.champion_visit_id")
    .innerJoin("schools", "schools.id", "champion_visits.school_id")
    .where(championVisitInReach(actor))
    .where("champion_visits.status", "=", "published")
    .where("agreed_actions.status", "=", "open")
    .where("agreed_actions.due_on", "<", today);
  if (reachOf(actor) === "own_school") query = query.where("agreed_actions.owner", "=", "school");
  const [rows, total] = await Promise.all([
    query
      .select(["agreed_actions.id", "agreed_actions.description", "agreed_actions.due_on", "schools.name as school", "champion_visits.id as visit_id"])
      .orderBy("agreed_actions.due_on")
      .orderBy("agreed_actions.id")
      .limit(limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ id: r.id, description: r.description, dueOn: r.due_on!, school: r.school, visitId: r.visit_id })), total: count(total.n) };
}

/** A school's staff: their school's published reports and its overdue actions. */
export async function getSchoolVisits(db: DB, actor: Actor, now = new Date()) {
  requirePermission(actor, "visits:view");
  const today = londonToday(now);
  const [visits, overdue] = await Promise.all([visitList(db, actor, today, VISITS_LISTED), overdueActions(db, actor, now, 20)]);
  return { visits, overdue: overdue.rows, overdueTotal: overdue.total };
}

import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "./access.server.ts";
import { REACH_OF_ROLE, type Reach, roleCan } from "./roles.ts";

/**
 * Who may reach what, in SQL: one scope per kind of reach (ADR 20). Every query that filters by actor takes its
 * condition from here, so no other module compares roles or lists of school ids.
 *
 * - own school: a school's SENCO or headteacher, their school (one membership, one school);
 * - assigned schools: an Inclusion Champion, the schools they are assigned to;
 * - district: an STLS teacher, the schools of their district;
 * - county: council officers and administrators, every school;
 * - community of schools: room for the community panels to come (a community's member schools); no role reaches
 *   this way yet, so it reaches nothing.
 */

export type { Reach };

/** How the actor reaches schools, from the membership they act in. */
export function reachOf(actor: Actor): Reach {
  return REACH_OF_ROLE[actor.role];
}

type Column<TB extends keyof Database> = `${TB & string}.${string}`;

/** The ids of the schools reached by a list of school ids (own school, assigned schools); none if empty. */
function inSchools<TB extends keyof Database>(eb: ExpressionBuilder<Database, TB>, column: Column<TB>, ids: number[]): Expression<SqlBool> {
  return ids.length === 0 ? eb.lit(false) : eb(eb.ref(column as any), "in", ids);
}

/**
 * The schools the actor reaches, as a condition on a column holding a school id (`schools.id`,
 * `pupils.school_id`, `funding_requests.school_id`). The one rule of which schools each kind of reach sees.
 */
export function schoolInReach<TB extends keyof Database>(actor: Actor, column: Column<TB>) {
  return (eb: ExpressionBuilder<Database, TB>): Expression<SqlBool> => {
    switch (reachOf(actor)) {
      case "own_school":
      case "assigned_schools":
        return inSchools(eb, column, actor.schoolIds);
      case "district":
        return actor.districtId === null
          ? eb.lit(false)
          : eb(eb.ref(column as any), "in", (eb as unknown as ExpressionBuilder<Database, never>).selectFrom("schools").select("schools.id").where("schools.district_id", "=", actor.districtId));
      case "county":
        return eb.lit(true);
      case "community":
        return eb.lit(false);
    }
  };
}

/** The same rule on a query over `schools` itself: a district is its own column there (no subquery). */
export function schoolRowInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "schools">): Expression<SqlBool> => {
    if (reachOf(actor) === "district") return actor.districtId === null ? eb.lit(false) : eb("schools.district_id", "=", actor.districtId);
    return schoolInReach<"schools">(actor, "schools.id")(eb);
  };
}

/** The rule of schoolRowInReach for one school already read (a school's own page). */
export function reachesSchool(actor: Actor, school: { id: number; district_id: number }): boolean {
  switch (reachOf(actor)) {
    case "own_school":
    case "assigned_schools":
      return actor.schoolIds.includes(school.id);
    case "district":
      return actor.districtId === school.district_id;
    case "county":
      return true;
    case "community":
      return false;
  }
}

/**
 * A school's own register of pupils: reached only from inside the school (own school). Nobody else sees a
 * pupil's record except through a funding request that names them (`fundingRequestInReach`).
 */
export function pupilInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "pupils">): Expression<SqlBool> =>
    reachOf(actor) === "own_school" ? inSchools(eb, "pupils.school_id", actor.schoolIds) : eb.lit(false);
}

/** Whether the actor holds a school's register at all (own school): the school they act for, else none. */
export function ownSchoolId(actor: Actor): number | undefined {
  return reachOf(actor) === "own_school" ? actor.schoolIds[0] : undefined;
}

/**
 * Funding requests: the school's own staff see their school's in every state, drafts included; anyone reaching
 * from outside the school (the county; later a district or community panel) sees a request of a school they
 * reach once the headteacher has signed it off (`submitted_at` set), never a draft (ADR 8).
 */
export function fundingRequestInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "funding_requests">): Expression<SqlBool> => {
    const schools = schoolInReach<"funding_requests">(actor, "funding_requests.school_id")(eb);
    if (reachOf(actor) === "own_school") return schools;
    return eb.and([schools, eb("funding_requests.submitted_at", "is not", null)]);
  };
}

/**
 * The same reach over the counts the database keeps of funding requests (funding_request_counts, ADR 56): a school's
 * staff their school's rows, anyone reaching from outside schools the rows of requests that have reached the council.
 */
export function fundingRequestCountInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "funding_request_counts">): Expression<SqlBool> => {
    const schools = schoolInReach<"funding_request_counts">(actor, "funding_request_counts.school_id")(eb);
    if (reachOf(actor) === "own_school") return schools;
    return eb.and([schools, eb("funding_request_counts.reached_council", "=", eb.lit(true))]);
  };
}

/** Whether the actor reaches requests from outside the school (the council's queue rather than a school's list). */
export function reachesFromOutsideSchools(actor: Actor): boolean {
  return reachOf(actor) !== "own_school";
}

/** The districts offered to the actor as a filter: their own for district reach, every district otherwise. */
export function districtOptionInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "districts">): Expression<SqlBool> =>
    reachOf(actor) === "district" && actor.districtId !== null ? eb("districts.id", "=", actor.districtId) : eb.lit(true);
}

/**
 * Training events (issue 9): the council (county reach) sees every event, drafts and cancelled ones included;
 * everyone else sees published and cancelled events open to all schools, and a private event (bespoke training)
 * only when it is for a school they reach. A draft is the council's alone.
 */
export function trainingEventInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "training_events">): Expression<SqlBool> => {
    if (reachOf(actor) === "county") return eb.lit(true);
    return eb.and([
      eb("training_events.status", "<>", "draft"),
      eb.or([eb("training_events.private_school_id", "is", null), schoolInReach<"training_events">(actor, "training_events.private_school_id")(eb)]),
    ]);
  };
}

/**
 * Training bookings: a school's staff see their own school's; the council every one; the person running an
 * event (an STLS teacher with an account) the bookings on the events they run; an Inclusion Champion those of the
 * schools they are assigned as well (they work with those schools' staff: their certificates, ADR 40). What each
 * may do with them is the permissions' (booking, attendance): the champion holds neither.
 */
export function trainingBookingInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "training_bookings">): Expression<SqlBool> => {
    const presented = () =>
      eb(
        "training_bookings.event_id",
        "in",
        (eb as unknown as ExpressionBuilder<Database, never>).selectFrom("training_events").select("training_events.id").where("training_events.presenter_user_id", "=", actor.userId),
      );
    switch (reachOf(actor)) {
      case "own_school":
        return inSchools(eb, "training_bookings.school_id", actor.schoolIds);
      case "county":
        return eb.lit(true);
      case "assigned_schools":
        return eb.or([presented(), inSchools(eb, "training_bookings.school_id", actor.schoolIds)]);
      default:
        return presented();
    }
  };
}

/** Whether the actor runs the event's attendance: the council for every event, its presenter for their own. */
export function runsTrainingEvent(actor: Actor, event: { presenter_user_id: number | null }): boolean {
  return reachOf(actor) === "county" || (event.presenter_user_id !== null && event.presenter_user_id === actor.userId);
}

type Sub = ExpressionBuilder<Database, never>;

/** The districts of the actor's own schools (a school's staff reach their district's STLS slots through them). */
function ownSchoolDistricts(eb: Sub, actor: Actor) {
  return eb.selectFrom("schools").select("schools.district_id").where("schools.id", "in", actor.schoolIds.length > 0 ? actor.schoolIds : [0]);
}

/**
 * LIFT meetings (issue 10, ADR 42): a school's staff see the meetings of the group serving their school; an STLS
 * teacher those of their district's groups; the council every one. Nobody else (an Inclusion Champion) any.
 */
export function liftMeetingInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "lift_meetings">): Expression<SqlBool> => {
    const sub = eb as unknown as Sub;
    switch (reachOf(actor)) {
      case "own_school":
        return actor.schoolIds.length === 0
          ? eb.lit(false)
          : eb("lift_meetings.group_id", "in", sub.selectFrom("lift_group_schools").select("lift_group_schools.group_id").where("lift_group_schools.school_id", "in", actor.schoolIds));
      case "district":
        return actor.districtId === null
          ? eb.lit(false)
          : eb("lift_meetings.group_id", "in", sub.selectFrom("lift_groups").select("lift_groups.id").where("lift_groups.district_id", "=", actor.districtId));
      case "county":
        return eb.lit(true);
      default:
        return eb.lit(false);
    }
  };
}

/** LIFT groups: the same reach as their meetings (a school's staff their own group; a district its groups). */
export function liftGroupInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "lift_groups">): Expression<SqlBool> => {
    const sub = eb as unknown as Sub;
    switch (reachOf(actor)) {
      case "own_school":
        return actor.schoolIds.length === 0
          ? eb.lit(false)
          : eb("lift_groups.id", "in", sub.selectFrom("lift_group_schools").select("lift_group_schools.group_id").where("lift_group_schools.school_id", "in", actor.schoolIds));
      case "district":
        return actor.districtId === null ? eb.lit(false) : eb("lift_groups.district_id", "=", actor.districtId);
      case "county":
        return eb.lit(true);
      default:
        return eb.lit(false);
    }
  };
}

/**
 * A LIFT referral, with the pupil it is about: the school's own staff see their school's in every state, drafts
 * included; an STLS teacher a referral of a school of their district once it is sent (the only way they see a
 * pupil: never the register); nobody else, the council included: officers see referrals as figures and by meeting
 * (liftReferralFiguresInReach), never a child.
 */
export function liftReferralInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "lift_referrals">): Expression<SqlBool> => {
    switch (reachOf(actor)) {
      case "own_school":
        return inSchools(eb, "lift_referrals.school_id", actor.schoolIds);
      case "district":
        return eb.and([eb("lift_referrals.status", "<>", "draft"), schoolInReach<"lift_referrals">(actor, "lift_referrals.school_id")(eb)]);
      default:
        return eb.lit(false);
    }
  };
}

/**
 * The referrals counted in figures (a meeting's numbers, the council's totals): what liftReferralInReach reaches,
 * and for the council every referral once sent. A query under this scope returns counts, never a pupil.
 */
export function liftReferralFiguresInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "lift_referrals">): Expression<SqlBool> =>
    reachOf(actor) === "county" ? eb("lift_referrals.status", "<>", "draft") : liftReferralInReach(actor)(eb);
}

/**
 * Specialist teachers' slots (visit slots and drop-in clinics): a school's staff see those of their school's
 * district; an STLS teacher their district's; the council every one.
 */
export function stlsSlotInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "stls_slots">): Expression<SqlBool> => {
    switch (reachOf(actor)) {
      case "own_school":
        return actor.schoolIds.length === 0 ? eb.lit(false) : eb("stls_slots.district_id", "in", ownSchoolDistricts(eb as unknown as Sub, actor));
      case "district":
        return actor.districtId === null ? eb.lit(false) : eb("stls_slots.district_id", "=", actor.districtId);
      case "county":
        return eb.lit(true);
      default:
        return eb.lit(false);
    }
  };
}

/**
 * Visits and clinic bookings (each may name a pupil): the school's own staff see their school's; an STLS teacher
 * those on their district's slots; nobody else (the council sees them as figures only).
 */
export function stlsVisitInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "stls_visits">): Expression<SqlBool> => {
    switch (reachOf(actor)) {
      case "own_school":
        return inSchools(eb, "stls_visits.school_id", actor.schoolIds);
      case "district":
        return actor.districtId === null
          ? eb.lit(false)
          : eb("stls_visits.slot_id", "in", (eb as unknown as Sub).selectFrom("stls_slots").select("stls_slots.id").where("stls_slots.district_id", "=", actor.districtId));
      default:
        return eb.lit(false);
    }
  };
}

/**
 * Inclusion Champion visits (issue 11, ADR 52): a champion reaches the visits to the schools they are assigned
 * (a published one whoever wrote it; a draft only their own); the school's own staff their school's published
 * reports, never a draft; nobody else any.
 */
export function championVisitInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "champion_visits">): Expression<SqlBool> => {
    switch (reachOf(actor)) {
      case "assigned_schools":
        return eb.and([
          inSchools(eb, "champion_visits.school_id", actor.schoolIds),
          eb.or([eb("champion_visits.status", "=", "published"), eb("champion_visits.champion_user_id", "=", actor.userId)]),
        ]);
      case "own_school":
        return eb.and([inSchools(eb, "champion_visits.school_id", actor.schoolIds), eb("champion_visits.status", "=", "published")]);
      default:
        return eb.lit(false);
    }
  };
}

/** A visit's agreed actions: reached with their visit (championVisitInReach), so a draft's actions only by its champion. */
export function agreedActionInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "agreed_actions">): Expression<SqlBool> =>
    eb("agreed_actions.champion_visit_id", "in", (eb as unknown as Sub).selectFrom("champion_visits").select("champion_visits.id").where(championVisitInReach(actor)));
}

/**
 * Specialist Resource Provisions (issue 11, ADR 50): an SRP, and its returns, are its host school's; reached as the
 * school is (a host school's staff their own, the council every one). Champions and STLS teachers have no
 * provision permission, so their reach never reads these.
 */
export function resourceProvisionInReach(actor: Actor) {
  return schoolInReach<"resource_provisions">(actor, "resource_provisions.school_id");
}

/**
 * Guidance articles (issue 11, ADR 54): the library is the county's, not a school's, so reach here is by what the
 * actor may do with it: those who write it (guidance:write: champions and officers) see every article, drafts and
 * archived ones included; everyone else who reads it sees published articles only.
 */
export function guidanceArticleInReach(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "guidance_articles">): Expression<SqlBool> =>
    roleCan(actor.role, "guidance:write") ? eb.lit(true) : eb("guidance_articles.status", "=", "published");
}

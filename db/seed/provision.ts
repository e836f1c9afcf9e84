import type { Kysely } from "kysely";
import { londonToday } from "../../app/domain/financial-year.ts";
import { academicYearOf, type SrpTerm } from "../../app/domain/provision/provision-codes.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import type { Database } from "../types.ts";

/**
 * Demo Specialist Resource Provision (issue 11, ADR 50): SRPs at eight schools (Oakfield's ASD provision among
 * them, so its SENCO and headteacher see one), places commissioned for last year and this, return windows for the
 * last six terms, the current term's open now (two weeks either side of today), and returns sent for each earlier
 * term. This term: most SRPs have sent theirs (Northfleet Park above its places, with its comment), Castle Hill has a
 * draft, and Oakfield and West Malling Abbey have not started: the overview's missing returns. Pupils marked on the
 * register: Noah Bennett in Oakfield's SRP, Sophie Dunn and Chloe Irving in Riverside's. Figures are about places,
 * never a named child. Does nothing when an SRP is on the register already.
 */

type DB = Kysely<Database>;

const SRPS: { school: string; designation: string; first: string; last: string; opened: string; places: number }[] = [
  { school: "Oakfield Primary School", designation: "ASD", first: "1", last: "6", opened: "2021-09-01", places: 8 },
  { school: "Riverside Academy", designation: "ASD", first: "7", last: "11", opened: "2018-09-01", places: 16 },
  { school: "Medway Valley Academy", designation: "SLCN", first: "7", last: "11", opened: "2019-09-01", places: 12 },
  { school: "Harbledown High School", designation: "HI", first: "7", last: "11", opened: "2015-09-01", places: 8 },
  { school: "Castle Hill Secondary School", designation: "PD", first: "7", last: "11", opened: "2017-09-01", places: 10 },
  { school: "Northfleet Park School", designation: "ASD", first: "7", last: "11", opened: "2020-09-01", places: 14 },
  { school: "Faversham Marshes Academy", designation: "SLCN", first: "7", last: "11", opened: "2016-09-01", places: 10 },
  { school: "West Malling Abbey Academy", designation: "VI", first: "7", last: "11", opened: "2014-09-01", places: 6 },
];

/** This term's returns (index into SRPS): sent, draft, or none. */
const THIS_TERM: Record<string, "sent" | "over" | "draft" | "none"> = {
  "Oakfield Primary School": "none",
  "Riverside Academy": "sent",
  "Medway Valley Academy": "sent",
  "Harbledown High School": "sent",
  "Castle Hill Secondary School": "draft",
  "Northfleet Park School": "over",
  "Faversham Marshes Academy": "sent",
  "West Malling Abbey Academy": "none",
};

const TERMS: SrpTerm[] = ["autumn", "spring", "summer"];

/** The term a London day falls in: autumn September to December, spring January to April, summer May to August. */
function termOf(today: string): { academicYear: number; term: SrpTerm } {
  const month = Number(today.slice(5, 7));
  return { academicYear: academicYearOf(today), term: month >= 9 ? "autumn" : month <= 4 ? "spring" : "summer" };
}

/** A past term's window, as the council sets them: late in the term, about three weeks. */
function pastWindow(academicYear: number, term: SrpTerm): { opens: string; closes: string } {
  if (term === "autumn") return { opens: `${academicYear}-11-16`, closes: `${academicYear}-12-11` };
  if (term === "spring") return { opens: `${academicYear + 1}-03-08`, closes: `${academicYear + 1}-03-26` };
  return { opens: `${academicYear + 1}-06-21`, closes: `${academicYear + 1}-07-09` };
}

export async function seedDemoProvision(db: DB, now = new Date()): Promise<void> {
  if (await db.selectFrom("resource_provisions").select("id").limit(1).executeTakeFirst()) return;
  const today = londonToday(now);
  const current = termOf(today);
  const officer = await db.selectFrom("users").select("id").where("email", "=", "officer@kent.example").executeTakeFirstOrThrow();
  // The last six terms, oldest first; the last is this term, open now.
  const terms: { academicYear: number; term: SrpTerm }[] = [];
  let { academicYear } = current;
  let index = TERMS.indexOf(current.term);
  for (let i = 0; i < 6; i++) {
    terms.unshift({ academicYear, term: TERMS[index]! });
    index -= 1;
    if (index < 0) {
      index = 2;
      academicYear -= 1;
    }
  }
  const windows = [];
  for (const [i, t] of terms.entries()) {
    const dates = i === terms.length - 1 ? { opens: addDays(today, -14), closes: addDays(today, 14) } : pastWindow(t.academicYear, t.term);
    windows.push(
      await db
        .insertInto("srp_return_windows")
        .values({ academic_year: t.academicYear, term: t.term, opens_on: dates.opens, closes_on: dates.closes, updated_by: officer.id })
        .returning(["id", "academic_year", "opens_on", "closes_on"])
        .executeTakeFirstOrThrow(),
    );
  }
  const years = [...new Set(terms.map((t) => t.academicYear))];
  for (const [n, seed] of SRPS.entries()) {
    const school = await db.selectFrom("schools").select("id").where("name", "=", seed.school).executeTakeFirstOrThrow();
    const srp = await db
      .insertInto("resource_provisions")
      .values({ school_id: school.id, designation_code: seed.designation, first_year_group: seed.first, last_year_group: seed.last, opened_on: seed.opened, status: "open" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Places grew by one this year at the bigger SRPs.
    const placesIn = (year: number) => seed.places - (year < current.academicYear && seed.places >= 12 ? 1 : 0);
    await db
      .insertInto("resource_provision_places")
      .values(years.map((year) => ({ resource_provision_id: srp.id, academic_year: year, commissioned_places: placesIn(year) })))
      .execute();
    const senders = await db.selectFrom("memberships").select("user_id").where("school_id", "=", school.id).where("role", "in", ["senco", "headteacher"]).orderBy("user_id").execute();
    const sender = senders[0]?.user_id ?? officer.id;
    for (const [i, window] of windows.entries()) {
      const last = i === windows.length - 1;
      const state = last ? THIS_TERM[seed.school]! : "sent";
      if (state === "none") continue;
      const commissioned = placesIn(window.academic_year);
      // A pattern, not chance: the same seed gives the same demo every time.
      const over = state === "over";
      const filled = over ? commissioned + 2 : Math.max(0, commissioned - ((n + i) % 3));
      const figures = {
        places_filled: filled,
        ehc_plan_pupils: Math.max(0, filled - ((n + i) % 2)),
        from_other_schools: Math.min(filled, (n + i) % 4),
        admitted: (n + 2 * i) % 3,
        left_in_term: (n + i) % 2,
        waiting: (n * 3 + i) % 5,
      };
      const comment = over ? "Two pupils were placed by the council's SEN team in October ahead of the new places agreed for next September." : null;
      const sentAt = new Date(`${addDays(window.opens_on, 5)}T10:00:00Z`);
      if (state === "draft") {
        await db
          .insertInto("srp_returns")
          .values({ resource_provision_id: srp.id, school_id: school.id, window_id: window.id, status: "draft", places_filled: figures.places_filled, ehc_plan_pupils: figures.ehc_plan_pupils, created_by: sender, version: 1 })
          .execute();
        continue;
      }
      const row = await db
        .insertInto("srp_returns")
        .values({ resource_provision_id: srp.id, school_id: school.id, window_id: window.id, status: "sent", ...figures, comment, over_commissioned: over, sent_at: sentAt, sent_by: sender, created_by: sender, updated_at: sentAt, version: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("srp_return_versions")
        .values({ srp_return_id: row.id, number: 1, ...figures, comment, commissioned_places: commissioned, over_commissioned: over, sent_by: sender, sent_at: sentAt })
        .execute();
      await db
        .insertInto("srp_return_events")
        .values({ srp_return_id: row.id, occurred_at: sentAt, actor_user_id: sender, actor_role: "senco", action: "sent", from_status: "draft", to_status: "sent" })
        .execute();
    }
  }
  // Pupils on the register placed in their school's SRP.
  for (const [lastName, school] of [
    ["Bennett", "Oakfield Primary School"],
    ["Dunn", "Riverside Academy"],
    ["Irving", "Riverside Academy"],
  ] as const) {
    const srp = await db
      .selectFrom("resource_provisions")
      .innerJoin("schools", "schools.id", "resource_provisions.school_id")
      .select(["resource_provisions.id", "resource_provisions.school_id"])
      .where("schools.name", "=", school)
      .executeTakeFirstOrThrow();
    await db.updateTable("pupils").set({ resource_provision_id: srp.id }).where("school_id", "=", srp.school_id).where("last_name", "=", lastName).execute();
  }
}

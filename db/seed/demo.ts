import type { Kysely } from "kysely";
import type { Database } from "../types.ts";
import { hashPassword } from "../../app/auth/password.server.ts";
import { makeUpn } from "../../app/domain/pupils/upn.ts";
import type { CouncilArea } from "../../app/domain/schools/council-areas.ts";
import { KENT_DISTRICTS } from "./districts.ts";
import { seedDemoFunding } from "./funding.ts";
import { seedDemoTraining } from "./training.ts";
import { seedDemoTrainingBespoke } from "./training-bespoke.ts";
import { seedDemoTrainingBookings } from "./training-bookings.ts";
import { seedDemoLift } from "./lift.ts";
import { seedDemoLiftReferrals } from "./lift-referrals.ts";
import { seedDemoStlsVisits } from "./stls-visits.ts";
import { seedDemoTrainingAttendance } from "./training-attendance.ts";
import { seedDemoChampionVisits } from "./champion-visits.ts";
import { seedDemoProvision } from "./provision.ts";
import { seedDemoGuidance } from "./guidance.ts";

/** The password of every demo account (README). Demo data only: never used outside the demo seed. */
export const DEMO_PASSWORD = "portal-demo-2026";

// Fictional schools. URNs are from 990000 up, outside the range GIAS has given to Kent's real schools.
type SchoolSeed = {
  name: string;
  district: (typeof KENT_DISTRICTS)[number]["code"];
  phase: "Primary" | "Secondary" | "All-through";
  type: string;
  roll: number;
  postcode: string;
  srp?: { type: string; capacity: number };
};

const SCHOOLS: SchoolSeed[] = [
  { name: "Oakfield Primary School", district: "maidstone", phase: "Primary", type: "Community school", roll: 412, postcode: "ME15 6ZZ" },
  { name: "Riverside Academy", district: "thanet", phase: "Secondary", type: "Academy converter", roll: 1120, postcode: "CT9 5ZZ", srp: { type: "ASD", capacity: 16 } },
  { name: "Bearsted Green Primary School", district: "maidstone", phase: "Primary", type: "Voluntary controlled school", roll: 208, postcode: "ME14 4ZZ" },
  { name: "Medway Valley Academy", district: "maidstone", phase: "Secondary", type: "Academy sponsor led", roll: 980, postcode: "ME16 8ZZ", srp: { type: "SLCN", capacity: 12 } },
  { name: "Loose Brook Primary School", district: "maidstone", phase: "Primary", type: "Community school", roll: 315, postcode: "ME17 4ZZ" },
  { name: "Coxheath Meadow Primary School", district: "maidstone", phase: "Primary", type: "Academy converter", roll: 290, postcode: "ME17 3ZZ" },
  { name: "Headcorn Fields Church of England Primary School", district: "maidstone", phase: "Primary", type: "Voluntary aided school", roll: 180, postcode: "TN27 9ZZ" },
  { name: "Allington Castle School", district: "maidstone", phase: "All-through", type: "Academy converter", roll: 1460, postcode: "ME16 0ZZ" },
  { name: "Stour Valley Primary School", district: "ashford", phase: "Primary", type: "Community school", roll: 260, postcode: "TN24 8ZZ" },
  { name: "Godinton Lane Academy", district: "ashford", phase: "Secondary", type: "Academy converter", roll: 1050, postcode: "TN23 3ZZ" },
  { name: "Kennington Orchard Primary School", district: "ashford", phase: "Primary", type: "Foundation school", roll: 395, postcode: "TN24 9ZZ" },
  { name: "Westgate Hall Primary School", district: "canterbury", phase: "Primary", type: "Community school", roll: 240, postcode: "CT2 8ZZ" },
  { name: "Harbledown High School", district: "canterbury", phase: "Secondary", type: "Academy sponsor led", roll: 890, postcode: "CT2 9ZZ", srp: { type: "HI", capacity: 8 } },
  { name: "Whitstable Shore Primary School", district: "canterbury", phase: "Primary", type: "Academy converter", roll: 420, postcode: "CT5 1ZZ" },
  { name: "Darent Valley Primary School", district: "dartford", phase: "Primary", type: "Community school", roll: 450, postcode: "DA1 2ZZ" },
  { name: "Temple Hill Academy", district: "dartford", phase: "Secondary", type: "Academy converter", roll: 1240, postcode: "DA1 5ZZ" },
  { name: "Swanscombe Heights Primary School", district: "dartford", phase: "Primary", type: "Academy converter", roll: 300, postcode: "DA10 0ZZ" },
  { name: "White Cliffs Primary School", district: "dover", phase: "Primary", type: "Community school", roll: 210, postcode: "CT16 2ZZ" },
  { name: "Castle Hill Secondary School", district: "dover", phase: "Secondary", type: "Academy converter", roll: 760, postcode: "CT16 1ZZ", srp: { type: "PD", capacity: 10 } },
  { name: "Deal Seafront Primary School", district: "dover", phase: "Primary", type: "Voluntary controlled school", roll: 330, postcode: "CT14 6ZZ" },
  { name: "Folkestone Harbour Primary School", district: "folkestone-hythe", phase: "Primary", type: "Community school", roll: 280, postcode: "CT20 1ZZ" },
  { name: "Hythe Downs Academy", district: "folkestone-hythe", phase: "Secondary", type: "Academy sponsor led", roll: 840, postcode: "CT21 5ZZ" },
  { name: "Romney Marsh Primary School", district: "folkestone-hythe", phase: "Primary", type: "Foundation school", roll: 160, postcode: "TN29 0ZZ" },
  { name: "Gravesend Riverside Primary School", district: "gravesham", phase: "Primary", type: "Community school", roll: 470, postcode: "DA11 9ZZ" },
  { name: "Northfleet Park School", district: "gravesham", phase: "Secondary", type: "Academy converter", roll: 1010, postcode: "DA11 8ZZ", srp: { type: "ASD", capacity: 14 } },
  { name: "Meopham Chalk Primary School", district: "gravesham", phase: "Primary", type: "Voluntary aided school", roll: 205, postcode: "DA13 0ZZ" },
  { name: "Sevenoaks Weald Primary School", district: "sevenoaks", phase: "Primary", type: "Community school", roll: 190, postcode: "TN14 6ZZ" },
  { name: "Knole Park Academy", district: "sevenoaks", phase: "Secondary", type: "Academy converter", roll: 1180, postcode: "TN13 1ZZ" },
  { name: "Edenbridge Mill Primary School", district: "sevenoaks", phase: "Primary", type: "Academy converter", roll: 310, postcode: "TN8 5ZZ" },
  { name: "Sittingbourne Creek Primary School", district: "swale", phase: "Primary", type: "Community school", roll: 430, postcode: "ME10 3ZZ" },
  { name: "Faversham Marshes Academy", district: "swale", phase: "Secondary", type: "Academy sponsor led", roll: 920, postcode: "ME13 7ZZ", srp: { type: "SLCN", capacity: 10 } },
  { name: "Sheppey Shore Primary School", district: "swale", phase: "Primary", type: "Academy converter", roll: 350, postcode: "ME12 2ZZ" },
  { name: "Margate Sands Primary School", district: "thanet", phase: "Primary", type: "Community school", roll: 390, postcode: "CT9 1ZZ" },
  { name: "Broadstairs Bay Primary School", district: "thanet", phase: "Primary", type: "Academy converter", roll: 280, postcode: "CT10 2ZZ" },
  { name: "Ramsgate Harbour All-Through School", district: "thanet", phase: "All-through", type: "Academy sponsor led", roll: 1600, postcode: "CT11 8ZZ" },
  { name: "Tonbridge Castle Primary School", district: "tonbridge-malling", phase: "Primary", type: "Community school", roll: 415, postcode: "TN9 1ZZ" },
  { name: "West Malling Abbey Academy", district: "tonbridge-malling", phase: "Secondary", type: "Academy converter", roll: 1090, postcode: "ME19 6ZZ", srp: { type: "VI", capacity: 6 } },
  { name: "Snodland Riverside Primary School", district: "tonbridge-malling", phase: "Primary", type: "Foundation school", roll: 260, postcode: "ME6 5ZZ" },
  { name: "Pantiles Primary School", district: "tunbridge-wells", phase: "Primary", type: "Community school", roll: 320, postcode: "TN2 5ZZ" },
  { name: "High Weald Academy", district: "tunbridge-wells", phase: "Secondary", type: "Academy converter", roll: 1150, postcode: "TN4 9ZZ" },
  { name: "Cranbrook Orchard Primary School", district: "tunbridge-wells", phase: "Primary", type: "Voluntary controlled school", roll: 230, postcode: "TN17 3ZZ" },
  { name: "Paddock Wood Hop Garden Primary School", district: "tunbridge-wells", phase: "Primary", type: "Academy converter", roll: 275, postcode: "TN12 6ZZ" },
  { name: "Marden Meadow Primary School", district: "maidstone", phase: "Primary", type: "Community school", roll: 150, postcode: "TN12 9ZZ" },
  { name: "Hollingbourne Down Primary School", district: "maidstone", phase: "Primary", type: "Voluntary controlled school", roll: 120, postcode: "ME17 1ZZ" },
];

/** Schools the demo Inclusion Champion is assigned to (Oakfield first). */
const CHAMPION_SCHOOLS = [
  "Oakfield Primary School",
  "Bearsted Green Primary School",
  "Medway Valley Academy",
  "Loose Brook Primary School",
  "Coxheath Meadow Primary School",
  "Headcorn Fields Church of England Primary School",
  "Allington Castle School",
  "Marden Meadow Primary School",
  "Tonbridge Castle Primary School",
];

type AccountSeed = {
  email: string;
  name: string;
  role: "senco" | "headteacher" | "inclusion_champion" | "stls" | "council_officer" | "admin";
  schools?: string[];
  district?: string;
  /** A council officer's areas (ADR 30): they are told of, and take, requests from schools there. */
  areas?: CouncilArea[];
  /** Further memberships the person holds (they choose which they act in, in the header). */
  also?: { role: "senco" | "headteacher"; school: string }[];
};

export const DEMO_ACCOUNTS: AccountSeed[] = [
  { email: "senco@oakfield.example", name: "Priya Shah", role: "senco", schools: ["Oakfield Primary School"] },
  { email: "head@oakfield.example", name: "Martin Cole", role: "headteacher", schools: ["Oakfield Primary School"] },
  // Also the SENCO of a school outside her Inclusion Champion list, as champions often are.
  {
    email: "champion@kent.example",
    name: "Grace Adeyemi",
    role: "inclusion_champion",
    schools: CHAMPION_SCHOOLS,
    also: [{ role: "senco", school: "Stour Valley Primary School" }],
  },
  { email: "stls@kent.example", name: "Tom Harding", role: "stls", district: "maidstone" },
  { email: "officer@kent.example", name: "Helen Marsh", role: "council_officer", areas: ["West", "North"] },
  { email: "officer.east@kent.example", name: "Kwame Mensah", role: "council_officer", areas: ["East", "South"] },
  { email: "admin@kent.example", name: "Sam Okafor", role: "admin" },
  { email: "senco@riverside.example", name: "Dan Whitlock", role: "senco", schools: ["Riverside Academy"] },
  { email: "head@riverside.example", name: "Alison Burke", role: "headteacher", schools: ["Riverside Academy"] },
];

type PupilSeed = {
  school: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** A valid permanent UPN (LA 886, the school's establishment number, year, serial), or null for none yet. */
  upn: string | null;
  yearGroup: string;
  senProvision: "K" | "E";
  primaryNeed: string;
  secondaryNeed?: string;
  dateAdded: string;
  dateLeft?: string;
};

/** A UPN for the demo: LA code 886, a made-up establishment number, the year allocated and a serial. */
const upn = (establishment: string, year: string, serial: string) => makeUpn(`886${establishment}${year}${serial}`);

/**
 * Fictional pupils with SEND (any likeness to a real child is chance), in year groups that fit each school's
 * phase in 2026-27. Tests find them by name, e.g. Amelia Hart at Oakfield, Sophie Dunn at Riverside. Jacob
 * Ward has left Oakfield; Theo Price and Max Lowe have no UPN yet.
 */
export const DEMO_PUPILS: PupilSeed[] = [
  { school: "Oakfield Primary School", firstName: "Amelia", lastName: "Hart", dateOfBirth: "2015-04-12", upn: upn("2101", "21", "001"), yearGroup: "6", senProvision: "K", primaryNeed: "SPLD", dateAdded: "2023-09-06" },
  { school: "Oakfield Primary School", firstName: "Noah", lastName: "Bennett", dateOfBirth: "2016-10-03", upn: upn("2101", "21", "014"), yearGroup: "5", senProvision: "E", primaryNeed: "ASD", secondaryNeed: "SLCN", dateAdded: "2022-01-17" },
  { school: "Oakfield Primary School", firstName: "Isla", lastName: "Foster", dateOfBirth: "2018-01-22", upn: upn("2101", "22", "007"), yearGroup: "4", senProvision: "K", primaryNeed: "SLCN", dateAdded: "2024-03-11" },
  { school: "Oakfield Primary School", firstName: "Oliver", lastName: "Grant", dateOfBirth: "2019-06-30", upn: upn("2101", "23", "022"), yearGroup: "3", senProvision: "K", primaryNeed: "NSA", dateAdded: "2025-10-02" },
  { school: "Oakfield Primary School", firstName: "Freya", lastName: "Holt", dateOfBirth: "2020-02-14", upn: upn("2101", "24", "003"), yearGroup: "2", senProvision: "E", primaryNeed: "PD", secondaryNeed: "VI", dateAdded: "2024-09-04" },
  { school: "Oakfield Primary School", firstName: "Leo", lastName: "Kemp", dateOfBirth: "2020-11-05", upn: upn("2101", "25", "011"), yearGroup: "1", senProvision: "K", primaryNeed: "SEMH", dateAdded: "2026-02-09" },
  { school: "Oakfield Primary School", firstName: "Ruby", lastName: "Nash", dateOfBirth: "2022-03-18", upn: upn("2101", "26", "005"), yearGroup: "R", senProvision: "K", primaryNeed: "SLCN", dateAdded: "2026-10-05" },
  { school: "Oakfield Primary School", firstName: "Theo", lastName: "Price", dateOfBirth: "2023-01-09", upn: null, yearGroup: "N", senProvision: "K", primaryNeed: "NSA", dateAdded: "2026-11-02" },
  { school: "Oakfield Primary School", firstName: "Ava", lastName: "Quinn", dateOfBirth: "2014-09-25", upn: upn("2101", "20", "019"), yearGroup: "6", senProvision: "E", primaryNeed: "SEMH", secondaryNeed: "MLD", dateAdded: "2021-06-14" },
  { school: "Oakfield Primary School", firstName: "Harry", lastName: "Reid", dateOfBirth: "2017-12-01", upn: upn("2101", "22", "016"), yearGroup: "4", senProvision: "K", primaryNeed: "MLD", dateAdded: "2024-11-20" },
  { school: "Oakfield Primary School", firstName: "Mia", lastName: "Turner", dateOfBirth: "2018-09-17", upn: upn("2101", "23", "002"), yearGroup: "3", senProvision: "K", primaryNeed: "HI", dateAdded: "2025-01-13" },
  { school: "Oakfield Primary School", firstName: "Jacob", lastName: "Ward", dateOfBirth: "2016-05-08", upn: upn("2101", "21", "027"), yearGroup: "5", senProvision: "K", primaryNeed: "ASD", dateAdded: "2024-09-04", dateLeft: "2026-07-22" },
  // Two more on SEN support, so that Oakfield has pupils with no open request or award this year: a pupil may have
  // only one request under a scheme for any stretch of time (issue 8), and the demo's journeys start new ones.
  { school: "Oakfield Primary School", firstName: "Ella", lastName: "Walsh", dateOfBirth: "2019-03-27", upn: upn("2101", "23", "031"), yearGroup: "3", senProvision: "K", primaryNeed: "SLCN", dateAdded: "2025-09-03" },
  { school: "Oakfield Primary School", firstName: "Finn", lastName: "Young", dateOfBirth: "2017-07-14", upn: upn("2101", "22", "034"), yearGroup: "4", senProvision: "K", primaryNeed: "SPLD", dateAdded: "2024-01-08" },
  { school: "Riverside Academy", firstName: "Ethan", lastName: "Clarke", dateOfBirth: "2014-11-20", upn: upn("4102", "19", "044"), yearGroup: "7", senProvision: "K", primaryNeed: "SPLD", dateAdded: "2026-09-08" },
  { school: "Riverside Academy", firstName: "Sophie", lastName: "Dunn", dateOfBirth: "2013-07-03", upn: upn("4102", "18", "031"), yearGroup: "8", senProvision: "E", primaryNeed: "ASD", secondaryNeed: "SEMH", dateAdded: "2025-09-03" },
  { school: "Riverside Academy", firstName: "Kai", lastName: "Edwards", dateOfBirth: "2012-03-15", upn: upn("4102", "16", "052"), yearGroup: "9", senProvision: "K", primaryNeed: "SEMH", dateAdded: "2024-02-26" },
  { school: "Riverside Academy", firstName: "Lily", lastName: "Fraser", dateOfBirth: "2011-05-27", upn: upn("4102", "15", "008"), yearGroup: "10", senProvision: "E", primaryNeed: "HI", dateAdded: "2022-09-07" },
  { school: "Riverside Academy", firstName: "Zain", lastName: "Hussain", dateOfBirth: "2010-10-12", upn: upn("4102", "15", "063"), yearGroup: "11", senProvision: "K", primaryNeed: "MLD", secondaryNeed: "SPLD", dateAdded: "2023-05-15" },
  { school: "Riverside Academy", firstName: "Chloe", lastName: "Irving", dateOfBirth: "2009-12-30", upn: upn("4102", "13", "021"), yearGroup: "12", senProvision: "E", primaryNeed: "ASD", dateAdded: "2021-09-08" },
  { school: "Bearsted Green Primary School", firstName: "Alfie", lastName: "Jones", dateOfBirth: "2021-01-19", upn: upn("2103", "25", "004"), yearGroup: "1", senProvision: "K", primaryNeed: "SLCN", dateAdded: "2026-01-12" },
  { school: "Bearsted Green Primary School", firstName: "Evie", lastName: "Knight", dateOfBirth: "2018-11-02", upn: upn("2103", "23", "010"), yearGroup: "3", senProvision: "E", primaryNeed: "SLD", dateAdded: "2023-10-09" },
  { school: "Bearsted Green Primary School", firstName: "Max", lastName: "Lowe", dateOfBirth: "2021-10-10", upn: null, yearGroup: "R", senProvision: "K", primaryNeed: "NSA", dateAdded: "2026-10-19" },
];

/** Whether the database already holds places (the demo seed or real data): then seeding does nothing. */
export async function hasData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("districts").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Seeds the 12 districts, the fictional schools, the demo accounts and pupils, in one transaction. */
export async function seedDemo(db: Kysely<Database>): Promise<{ seeded: boolean }> {
  if (await hasData(db)) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const districts = await trx.insertInto("districts").values([...KENT_DISTRICTS]).returning(["id", "code"]).execute();
    const districtId = new Map(districts.map((d) => [d.code, d.id]));
    const schools = await trx
      .insertInto("schools")
      .values(
        SCHOOLS.map((s, i) => ({
          urn: String(990001 + i),
          name: s.name,
          phase: s.phase,
          establishment_type: s.type,
          district_id: districtId.get(s.district)!,
          number_on_roll: s.roll,
          postcode: s.postcode,
          status: "Open",
          resourced_provision_type: s.srp?.type ?? null,
          resourced_provision_capacity: s.srp?.capacity ?? null,
        })),
      )
      .returning(["id", "name"])
      .execute();
    const schoolId = new Map(schools.map((s) => [s.name, s.id]));
    for (const account of DEMO_ACCOUNTS) {
      const user = await trx
        .insertInto("users")
        // Marked as the demo's: they sign in with the published password alone, even where two-factor is required (ADR 58).
        .values({ email: account.email, display_name: account.name, password_hash: passwordHash, demo_account: true })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = account.schools
        ? account.schools.map((name) => ({ user_id: user.id, role: account.role, school_id: schoolId.get(name)!, district_id: null }))
        : [{ user_id: user.id, role: account.role, school_id: null, district_id: account.district ? districtId.get(account.district)! : null }];
      await trx.insertInto("memberships").values(rows).execute();
      if (account.areas?.length) await trx.insertInto("officer_areas").values(account.areas.map((area) => ({ user_id: user.id, area }))).execute();
      for (const extra of account.also ?? []) {
        await trx.insertInto("memberships").values({ user_id: user.id, role: extra.role, school_id: schoolId.get(extra.school)!, district_id: null }).execute();
      }
    }
    await trx
      .insertInto("pupils")
      .values(
        DEMO_PUPILS.map((p) => ({
          school_id: schoolId.get(p.school)!,
          first_name: p.firstName,
          last_name: p.lastName,
          date_of_birth: p.dateOfBirth,
          upn: p.upn,
          year_group: p.yearGroup,
          sen_provision: p.senProvision,
          primary_need: p.primaryNeed,
          secondary_need: p.secondaryNeed ?? null,
          date_added: p.dateAdded,
          date_left: p.dateLeft ?? null,
        })),
      )
      .execute();
    // After the pupils: the requests name the schools' current pupils (High Needs Funding needs one).
    await seedDemoFunding(trx);
    // Training: the catalogue and a term of events, then bookings on them (waiting lists, past attendance at
    // Oakfield), then bespoke requests.
    const now = new Date();
    await seedDemoTraining(trx, now);
    await seedDemoTrainingBookings(trx, now);
    await seedDemoTrainingBespoke(trx, now);
    // Last: an STLS course that ran two days ago with nobody marked yet (the bookings seed skips a school with bookings).
    await seedDemoTrainingAttendance(trx);
    // STLS through LIFT: the districts' groups and a term of meetings.
    await seedDemoLift(trx, now);
    // Oakfield's and Riverside's LIFT referrals, in every state, on those meetings.
    await seedDemoLiftReferrals(trx, now);
    await seedDemoStlsVisits(trx, now);
    // The guidance library: the champion's and the officer's articles (issue 11); the visits' actions point to some.
    await seedDemoGuidance(trx, now);
    // Inclusion Champion visits to Grace Adeyemi's schools over the last terms (issue 11).
    await seedDemoChampionVisits(trx, now);
    // Specialist Resource Provision: the register, six terms of windows and returns, this term's open now.
    await seedDemoProvision(trx, now);
    await trx
      .insertInto("audit_events")
      .values({ action: "seed.demo", subject_type: "database", request_id: "seed", detail: JSON.stringify({ schools: schools.length, pupils: DEMO_PUPILS.length }) })
      .execute();
  });
  return { seeded: true };
}

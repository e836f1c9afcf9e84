import type { Kysely } from "kysely";
import type { Database } from "../types.ts";
import { hashPassword } from "../../app/auth/password.server.ts";
import { KENT_DISTRICTS } from "./districts.ts";
import { seedDemoFunding } from "./funding.ts";

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
};

export const DEMO_ACCOUNTS: AccountSeed[] = [
  { email: "senco@oakfield.example", name: "Priya Shah", role: "senco", schools: ["Oakfield Primary School"] },
  { email: "head@oakfield.example", name: "Martin Cole", role: "headteacher", schools: ["Oakfield Primary School"] },
  { email: "champion@kent.example", name: "Grace Adeyemi", role: "inclusion_champion", schools: CHAMPION_SCHOOLS },
  { email: "stls@kent.example", name: "Tom Harding", role: "stls", district: "maidstone" },
  { email: "officer@kent.example", name: "Helen Marsh", role: "council_officer" },
  { email: "admin@kent.example", name: "Sam Okafor", role: "admin" },
  { email: "senco@riverside.example", name: "Dan Whitlock", role: "senco", schools: ["Riverside Academy"] },
  { email: "head@riverside.example", name: "Alison Burke", role: "headteacher", schools: ["Riverside Academy"] },
];

/** Whether the database already holds places (the demo seed or real data): then seeding does nothing. */
export async function hasData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("districts").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Seeds the 12 districts, the fictional schools and the demo accounts, in one transaction. */
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
        .values({ email: account.email, display_name: account.name, password_hash: passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = account.schools
        ? account.schools.map((name) => ({ user_id: user.id, role: account.role, school_id: schoolId.get(name)!, district_id: null }))
        : [{ user_id: user.id, role: account.role, school_id: null, district_id: account.district ? districtId.get(account.district)! : null }];
      await trx.insertInto("memberships").values(rows).execute();
    }
    await seedDemoFunding(trx);
    await trx
      .insertInto("audit_events")
      .values({ action: "seed.demo", subject_type: "database", request_id: "seed", detail: JSON.stringify({ schools: schools.length }) })
      .execute();
  });
  return { seeded: true };
}

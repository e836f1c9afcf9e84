import type { Transaction } from "kysely";
import type { Database } from "../types.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonInstant } from "../../app/domain/london-time.ts";

/**
 * The demo's training catalogue (DOMAIN.md: Training): the programmes Kent schools use, their courses with the
 * areas of need each is about, and a term of dated events relative to `now` (the spring term ahead, in several
 * districts, some online, some paid; one nearly full, one with three places that fills in a demo; a draft; a private
 * whole-school session at Oakfield), with a
 * few events last term for past attendance. Tom Harding (stls@kent.example) presents an upcoming and a past one.
 */

type Trx = Transaction<Database>;

const CI = "Communication and interaction";
const CL = "Cognition and learning";
const SEMH = "Social, emotional and mental health";
const SP = "Sensory and/or physical";

const PROGRAMMES: { name: string; provider: string; description: string; courses: { title: string; audience: string; description: string; areas: string[] }[] }[] = [
  {
    name: "Autism Education Trust",
    provider: "Autism Education Trust, through Kent's AET training partnership",
    description: "The AET's three tiers of autism training for schools, from awareness for every member of staff to leading practice across a school.",
    courses: [
      { title: "Making Sense of Autism", audience: "All staff", description: "An introduction to autism and how it affects pupils' learning and wellbeing.", areas: [CI] },
      { title: "Good Autism Practice", audience: "Staff working directly with autistic pupils", description: "Practical strategies for the classroom, built on the AET's framework.", areas: [CI, SEMH] },
      { title: "Leading Good Autism Practice", audience: "SENCOs and senior leaders", description: "Leading and reviewing autism practice across the whole school.", areas: [CI] },
    ],
  },
  {
    name: "Nurturing Kent",
    provider: "NurtureUK with Kent County Council",
    description: "NurtureUK's programme for Kent schools: the National Nurturing Schools Programme, the Boxall Profile and nurture groups.",
    courses: [
      { title: "National Nurturing Schools Programme", audience: "Senior leaders and nurture leads", description: "A whole-school approach to nurture, leading to the National Nurturing Schools Award.", areas: [SEMH] },
      { title: "Boxall Profile", audience: "Staff who assess pupils' social and emotional needs", description: "Using the Boxall Profile to assess and plan for pupils' social, emotional and behavioural needs.", areas: [SEMH] },
      { title: "Running a nurture group", audience: "Nurture group staff", description: "Setting up and running a nurture group: the six principles of nurture in practice.", areas: [SEMH] },
    ],
  },
  {
    name: "PINS",
    provider: "Partnership for Inclusion of Neurodiversity in Schools",
    description: "Schools are selected for PINS, then choose the support they need: training and workshops on neurodiversity and inclusion.",
    courses: [{ title: "Neurodiversity in the classroom", audience: "Staff of PINS schools", description: "Understanding neurodivergent pupils and adapting the classroom for them.", areas: [CI, SEMH] }],
  },
  {
    name: "The Balanced System",
    provider: "Better Communication CIC",
    description: "Speech, language and communication: five strands at three levels, and school accreditation.",
    courses: [
      { title: "Speech, language and communication: universal", audience: "All staff", description: "Creating a communication-friendly school for every pupil.", areas: [CI] },
      { title: "Targeted speech and language support", audience: "Teaching assistants and SENCOs", description: "Running targeted interventions for pupils with speech, language and communication needs.", areas: [CI] },
    ],
  },
  {
    name: "STLS-led courses",
    provider: "Kent Specialist Teaching and Learning Service",
    description: "Courses run by Kent's Specialist Teaching and Learning Service teachers.",
    courses: [
      { title: "Supporting pupils with severe dyslexia", audience: "Teachers and teaching assistants", description: "Assessment, structured literacy and classroom adjustments for pupils with severe dyslexia.", areas: [CL] },
      { title: "Precision teaching", audience: "Teaching assistants", description: "Short daily sessions to build fluency in reading, spelling and number facts.", areas: [CL] },
      { title: "Sensory processing in the classroom", audience: "All staff", description: "Recognising sensory needs and adapting the environment.", areas: [SP, CI] },
    ],
  },
];

interface EventSeed {
  course: string;
  /** School days from today (negative: last term). */
  days: number;
  start: string;
  end: string;
  district?: string;
  venue?: string;
  online?: boolean;
  places: number;
  costPence?: number;
  hours: number;
  presenter: string;
  /** The demo STLS teacher's account presents it. */
  stls?: boolean;
  draft?: boolean;
  /** Places already booked by other schools (a nearly full event). */
  booked?: number;
  /** A private event (whole-school training) for this school only. */
  privateFor?: string;
}

const EVENTS: EventSeed[] = [
  { course: "Making Sense of Autism", days: 8, start: "09:30", end: "12:30", district: "maidstone", venue: "Oakwood House, Maidstone", places: 30, hours: 3, presenter: "Sarah Ellis" },
  { course: "Supporting pupils with severe dyslexia", days: 10, start: "13:30", end: "16:00", district: "maidstone", venue: "Maidstone STLS base", places: 3, hours: 2.5, presenter: "Tom Harding", stls: true },
  { course: "Boxall Profile", days: 12, start: "09:30", end: "15:30", online: true, places: 12, hours: 5, presenter: "Lena Ortiz", booked: 11 },
  { course: "Making Sense of Autism", days: 14, start: "15:45", end: "17:15", online: true, places: 60, hours: 1.5, presenter: "Sarah Ellis" },
  { course: "Speech, language and communication: universal", days: 16, start: "09:30", end: "12:00", district: "dartford", venue: "Dartford Civic Centre", places: 25, hours: 2.5, presenter: "Priti Rao" },
  { course: "Good Autism Practice", days: 18, start: "09:00", end: "15:30", district: "canterbury", venue: "Canterbury Innovation Centre", places: 16, costPence: 4500, hours: 6, presenter: "Mark Doyle" },
  { course: "Precision teaching", days: 22, start: "13:30", end: "15:30", district: "ashford", venue: "Ashford STLS base", places: 15, hours: 2, presenter: "Tom Harding", stls: true },
  { course: "Leading Good Autism Practice", days: 25, start: "09:00", end: "16:00", district: "ashford", venue: "Ashford International Hotel", places: 12, costPence: 9500, hours: 6, presenter: "Mark Doyle" },
  { course: "Sensory processing in the classroom", days: 28, start: "09:30", end: "12:30", district: "tonbridge-malling", venue: "Kings Hill Community Centre", online: true, places: 20, hours: 3, presenter: "Amira Khan" },
  { course: "National Nurturing Schools Programme", days: 32, start: "09:00", end: "16:00", district: "thanet", venue: "Margate Winter Gardens", places: 20, costPence: 25000, hours: 6, presenter: "Lena Ortiz" },
  { course: "Targeted speech and language support", days: 36, start: "15:45", end: "17:15", online: true, places: 40, costPence: 3000, hours: 1.5, presenter: "Priti Rao" },
  { course: "Neurodiversity in the classroom", days: 40, start: "13:00", end: "16:00", district: "swale", venue: "Sittingbourne Community College", places: 24, hours: 3, presenter: "Jo Wright" },
  // Whole-school training at Oakfield: a private event nobody else sees (the route inventory's sample event).
  { course: "Making Sense of Autism", days: 20, start: "15:30", end: "17:00", district: "maidstone", venue: "Oakfield Primary School", places: 40, hours: 1.5, presenter: "Sarah Ellis", privateFor: "Oakfield Primary School" },
  { course: "Running a nurture group", days: 45, start: "09:30", end: "15:00", district: "dover", venue: "Dover Discovery Centre", places: 18, costPence: 6000, hours: 5, presenter: "Lena Ortiz", draft: true },
  // Last term: for the record of who attended.
  { course: "Making Sense of Autism", days: -30, start: "09:30", end: "12:30", district: "maidstone", venue: "Oakwood House, Maidstone", places: 30, hours: 3, presenter: "Sarah Ellis" },
  { course: "Supporting pupils with severe dyslexia", days: -45, start: "13:30", end: "16:00", district: "maidstone", venue: "Maidstone STLS base", places: 12, hours: 2.5, presenter: "Tom Harding", stls: true },
  { course: "Boxall Profile", days: -60, start: "09:30", end: "15:30", online: true, places: 20, hours: 5, presenter: "Lena Ortiz" },
];

/** The London date `schoolDays` weekdays from `today` (ISO), backwards when negative. */
function schoolDay(today: string, schoolDays: number): string {
  const date = new Date(`${today}T12:00:00Z`);
  const step = schoolDays < 0 ? -1 : 1;
  for (let left = Math.abs(schoolDays); left > 0; ) {
    date.setUTCDate(date.getUTCDate() + step);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return date.toISOString().slice(0, 10);
}

const NAMES = ["Aisha Patel", "Ben Carter", "Chloe Evans", "Daniel Hughes", "Ella Morris", "Finn Walsh", "Grace Lee", "Harry Bell", "Isla Ward", "Jack Reid", "Keira Fox", "Liam Shaw"];

export async function seedDemoTraining(trx: Trx, now: Date): Promise<void> {
  const userId = async (email: string) => (await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const [officer, stls, riversideSenco] = await Promise.all([userId("officer@kent.example"), userId("stls@kent.example"), userId("senco@riverside.example")]);
  const riverside = await trx.selectFrom("schools").select("id").where("name", "=", "Riverside Academy").executeTakeFirstOrThrow();
  const schools = new Map((await trx.selectFrom("schools").select(["id", "name"]).where("name", "in", ["Oakfield Primary School"]).execute()).map((x) => [x.name, x.id]));
  const districts = new Map((await trx.selectFrom("districts").select(["id", "code"]).execute()).map((d) => [d.code, d.id]));

  const courseIds = new Map<string, number>();
  for (const [i, p] of PROGRAMMES.entries()) {
    const programme = await trx
      .insertInto("training_programmes")
      .values({ name: p.name, provider: p.provider, description: p.description, sort_order: i + 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const courses = await trx
      .insertInto("training_courses")
      .values(p.courses.map((c) => ({ programme_id: programme.id, title: c.title, audience: c.audience, description: c.description })))
      .returning(["id", "title"])
      .execute();
    for (const c of courses) courseIds.set(c.title, c.id);
    await trx
      .insertInto("training_course_need_areas")
      .values(p.courses.flatMap((c) => c.areas.map((need_area) => ({ course_id: courseIds.get(c.title)!, need_area }))))
      .execute();
  }

  const today = londonToday(now);
  const events = await trx
    .insertInto("training_events")
    .values(
      EVENTS.map((e) => {
        const date = schoolDay(today, e.days);
        const startsAt = londonInstant(date, e.start);
        const closes = londonInstant(schoolDay(date, -2), "17:00");
        return {
          course_id: courseIds.get(e.course)!,
          status: e.draft ? "draft" : "published",
          starts_at: startsAt,
          ends_at: londonInstant(date, e.end),
          venue: e.venue ?? null,
          district_id: e.district ? districts.get(e.district)! : null,
          online_url: e.online ? "https://meet.kent.example/training" : null,
          places: e.places,
          booking_closes_at: closes,
          cancellation_closes_at: closes,
          cost_pence: e.costPence ?? 0,
          hours: e.hours,
          presenter_name: e.presenter,
          presenter_user_id: e.stls ? stls : null,
          private_school_id: e.privateFor ? schools.get(e.privateFor)! : null,
          created_by: officer,
          created_at: new Date(Math.min(now.getTime(), startsAt.getTime()) - 40 * 86_400_000),
        };
      }),
    )
    .returning(["id", "status", "created_at"])
    .execute();
  await trx
    .insertInto("training_event_events")
    .values(
      events.flatMap((e) => [
        { training_event_id: e.id, actor_user_id: officer, actor_role: "council_officer", action: "created", from_status: null, to_status: "draft", occurred_at: e.created_at },
        ...(e.status === "published"
          ? [{ training_event_id: e.id, actor_user_id: officer, actor_role: "council_officer", action: "published", from_status: "draft", to_status: "published", occurred_at: e.created_at }]
          : []),
      ]),
    )
    .execute();

  // The nearly full event: Riverside's staff hold all but one place.
  for (const [i, seed] of EVENTS.entries()) {
    if (!seed.booked) continue;
    const bookings = await trx
      .insertInto("training_bookings")
      .values(
        NAMES.slice(0, seed.booked).map((name) => ({
          event_id: events[i]!.id,
          school_id: riverside.id,
          status: "booked",
          attendee_name: name,
          attendee_role: "Teaching assistant",
          attendee_email: `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@riverside.example`,
          booked_by: riversideSenco,
        })),
      )
      .returning("id")
      .execute();
    await trx
      .insertInto("training_booking_events")
      .values(bookings.map((b) => ({ training_booking_id: b.id, actor_user_id: riversideSenco, actor_role: "senco", action: "booked", to_status: "booked" })))
      .execute();
  }
}

import { beforeAll, describe, expect, it } from "vitest";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { londonDateAndTime } from "../../app/domain/london-time.ts";
import { addDays, defaultPapersDueOn, weekdayOf } from "../../app/domain/stls/meeting-dates.ts";
import { meetingSchema, termSchema } from "../../app/domain/stls/meeting.schema.ts";
import { changeMeeting, createMeeting, createTerm } from "../../app/domain/stls/meetings.server.ts";
import { moveSchool, renameGroup } from "../../app/domain/stls/groups.server.ts";
import { setLinkTeacher } from "../../app/domain/stls/link-teachers.server.ts";
import { Browser, mainText, seededApp } from "../setup/app.ts";
import { createLiftMeeting, createLiftReferral, groupOf, schoolId, userId } from "../setup/stls.ts";

// LIFT groups, meetings and link teachers (issue 10, ADR 43): the meeting's dates (the default papers-due day, the
// papers due before the meeting), a term's meetings all or nothing, stale forms, who keeps which district's groups,
// who may be a link teacher, and what each role's pages show of a meeting (the council never a pupil).

const t = seededApp();
const db = () => t.database.db;
const actor = (email: string) => actorForEmail(db(), email);

const parse = (schema: typeof meetingSchema | typeof termSchema, fields: Record<string, unknown>) => schema.safeParse(fields);

describe("a meeting's dates", () => {
  it("puts the papers due the Wednesday before when left empty, and refuses a papers-due day on or after the meeting", async () => {
    const group = String(await groupOf(db()));
    const date = addDays(londonToday(), 30);
    const ok = parse(meetingSchema, { groupId: group, date, startTime: "9:30", endTime: "12pm", venue: "Maidstone STLS base" });
    expect(ok.success).toBe(true);
    const value = ok.data as { papersDueOn: string; cap: number };
    expect(value.papersDueOn).toBe(defaultPapersDueOn(date));
    expect(weekdayOf(value.papersDueOn)).toBe(3);
    expect(value.cap).toBe(3);
    const late = parse(meetingSchema, { groupId: group, date, papersDueOn: date, startTime: "9:30", endTime: "12:00", venue: "Base" });
    expect(late.success).toBe(false);
    expect(JSON.stringify(late.error?.issues)).toContain("The papers-due date must be before the day of the meeting");
    const odd = parse(meetingSchema, { groupId: group, date, startTime: "25:00", endTime: "09:00", onlineUrl: "http://meet.example/x", cap: "51" });
    const messages = odd.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain("Enter the start time as a time like 09:30 or 2:30pm");
    expect(messages).toContain("Enter the online link as a full web address starting with https://");
    expect(messages).toContain("Enter the most referrals a school may send to a meeting as a whole number from 1 to 50");
  });

  it("adds a meeting once however often the form is sent, and refuses one in the past or of another district's group for an STLS teacher", async () => {
    const stls = await actor("stls@kent.example");
    const date = addDays(londonToday(), 45);
    const input = meetingSchema.parse({ groupId: String(await groupOf(db())), date, startTime: "13:00", endTime: "15:00", onlineUrl: "https://meet.example/lift" });
    const first = await createMeeting(db(), stls, input, "test");
    const again = await createMeeting(db(), stls, input, "test");
    expect(first.ok && again.ok && first.meetingId === again.meetingId).toBe(true);
    const past = await createMeeting(db(), stls, meetingSchema.parse({ groupId: String(input.groupId), date: addDays(londonToday(), -2), startTime: "13:00", endTime: "15:00", onlineUrl: "https://meet.example/lift" }), "test");
    expect(past).toMatchObject({ ok: false, fieldErrors: { startTime: ["The meeting must start in the future: check the date and start time"] } });
    const thanet = meetingSchema.parse({ groupId: String(await groupOf(db(), "990002")), date, startTime: "13:00", endTime: "15:00", venue: "Margate" });
    expect(await createMeeting(db(), stls, thanet, "test")).toMatchObject({ ok: false, fieldErrors: { groupId: ["Select the LIFT group the meeting is for"] } });
    expect((await createMeeting(db(), await actor("officer@kent.example"), thanet, "test")).ok).toBe(true);
  });

  it("refuses a change sent from an old version, saying what changed, and takes the same change sent twice", async () => {
    const officer = await actor("officer@kent.example");
    const stls = await actor("stls@kent.example");
    const meetingId = await createLiftMeeting(db(), { startsInDays: 50 });
    const row = await db().selectFrom("lift_meetings").select(["starts_at", "group_id"]).where("id", "=", meetingId).executeTakeFirstOrThrow();
    const date = londonDateAndTime(row.starts_at).date;
    const change = (cap: string) => ({ ...meetingSchema.parse({ groupId: String(row.group_id), date, startTime: "09:30", endTime: "12:00", venue: "Test STLS base", cap }), version: 1 });
    expect((await changeMeeting(db(), officer, meetingId, change("5"), "test")).ok).toBe(true);
    expect((await changeMeeting(db(), officer, meetingId, change("5"), "test")).ok).toBe(true);
    const stale = await changeMeeting(db(), stls, meetingId, change("2"), "test");
    expect(stale.ok).toBe(false);
    expect((stale as { formError: string }).formError).toMatch(/^Someone else changed this record while you were working on it: Helen Marsh changed it on .*, and it now differs from what you sent in: cap on referrals/);
    expect((await db().selectFrom("lift_meetings").select("referral_cap").where("id", "=", meetingId).executeTakeFirstOrThrow()).referral_cap).toBe(5);
  });
});

describe("a term's meetings", () => {
  it("makes the dates every N weeks, or from a list, each with its own papers-due Wednesday", () => {
    const first = addDays(londonToday(), 20);
    const term = termSchema.parse({ groupId: "1", firstDate: first, count: "4", everyWeeks: "3", startTime: "09:30", endTime: "12:00", venue: "Base", intent: "check" });
    expect(term.meetings.map((m) => m.date)).toEqual([0, 21, 42, 63].map((d) => addDays(first, d)));
    expect(term.meetings.map((m) => m.papersDueOn)).toEqual(term.meetings.map((m) => defaultPapersDueOn(m.date)));
    const listed = termSchema.parse({ groupId: "1", dateList: "19/1/2027\n2027-02-09, 2/3/2027", startTime: "09:30", endTime: "12:00", venue: "Base" });
    expect(listed.meetings.map((m) => m.date)).toEqual(["2027-01-19", "2027-02-09", "2027-03-02"]);
    const bad = termSchema.safeParse({ groupId: "1", dateList: "19/1/2027\nnext Tuesday", startTime: "09:30", endTime: "12:00", venue: "Base" });
    expect(bad.error?.issues[0]?.message).toBe('"next Tuesday" is not a date. Enter each date on its own line, like 19/1/2027');
    const tooMany = termSchema.safeParse({ groupId: "1", firstDate: first, count: "21", everyWeeks: "1", startTime: "09:30", endTime: "12:00", venue: "Base" });
    expect(tooMany.error?.issues.map((i) => i.message)).toContain("Enter how many meetings as a whole number from 1 to 20");
  });

  it("adds every meeting or none, and a second click adds nothing more", async () => {
    const officer = await actor("officer@kent.example");
    const group = await groupOf(db(), "990002");
    const first = addDays(londonToday(), 120);
    const fields = { groupId: String(group), firstDate: first, count: "3", everyWeeks: "2", startTime: "10:00", endTime: "12:00", venue: "Margate STLS base", intent: "create" };
    const made = await createTerm(db(), officer, termSchema.parse(fields), "test");
    expect(made.ok && made.meetingIds.length).toBe(3);
    const again = await createTerm(db(), officer, termSchema.parse(fields), "test");
    expect(again.ok && again.meetingIds.sort()).toEqual(made.ok && made.meetingIds.sort());
    const before = await db().selectFrom("lift_meetings").select("id").where("group_id", "=", group).execute();
    // Overlapping the term just made on its last date: nothing at all is added.
    const clash = await createTerm(db(), officer, termSchema.parse({ ...fields, firstDate: addDays(first, 28), count: "3" }), "test");
    expect(clash.ok).toBe(false);
    expect((clash as { formError: string }).formError).toContain("no meetings were made");
    expect((await db().selectFrom("lift_meetings").select("id").where("group_id", "=", group).execute()).length).toBe(before.length);
  });
});

describe("groups and link teachers", () => {
  it("moves a school between its district's groups only, and keeps an STLS teacher to their own district", async () => {
    const stls = await actor("stls@kent.example");
    const officer = await actor("officer@kent.example");
    const oakfield = await schoolId(db(), "990001");
    const riverside = await schoolId(db(), "990002");
    const south = await db().selectFrom("lift_groups").select(["id", "version"]).where("name", "like", "%South LIFT").executeTakeFirstOrThrow();
    const north = await groupOf(db(), "990001");
    expect(await moveSchool(db(), officer, { intent: "move", schoolId: riverside, groupId: south.id }, "test")).toMatchObject({
      ok: false,
      fieldErrors: { schoolId: ["Riverside Academy is in another district: a school can only be served by a group of its own district"] },
    });
    expect((await moveSchool(db(), stls, { intent: "move", schoolId: oakfield, groupId: south.id }, "test")).ok).toBe(true);
    expect(await groupOf(db(), "990001")).toBe(south.id);
    expect((await moveSchool(db(), stls, { intent: "move", schoolId: oakfield, groupId: north }, "test")).ok).toBe(true);
    const thanet = await groupOf(db(), "990002");
    expect(await moveSchool(db(), stls, { intent: "move", schoolId: riverside, groupId: thanet }, "test")).toMatchObject({ ok: false, fieldErrors: { groupId: ["Select the group the school is served by"] } });
    expect(await renameGroup(db(), stls, { intent: "rename", groupId: thanet, version: 1, name: "Renamed" }, "test")).toMatchObject({ ok: false });
  });

  it("names a link teacher only from the school's district's STLS teachers, audited", async () => {
    const officer = await actor("officer@kent.example");
    const riverside = await schoolId(db(), "990002");
    const tom = await userId(db(), "stls@kent.example");
    const senco = await userId(db(), "senco@riverside.example");
    expect(await setLinkTeacher(db(), officer, { schoolId: riverside, teacherUserId: senco }, "test")).toMatchObject({ ok: false, fieldErrors: { teacherUserId: [expect.stringContaining("Select one of the STLS teachers")] } });
    // Tom is Maidstone's: not Riverside's (Thanet).
    expect((await setLinkTeacher(db(), officer, { schoolId: riverside, teacherUserId: tom }, "test")).ok).toBe(false);
    const thanet = await db().selectFrom("districts").select("id").where("code", "=", "thanet").executeTakeFirstOrThrow();
    const ann = await db().insertInto("users").values({ email: "ann.stls@kent.example", display_name: "Ann Thorpe", password_hash: "x" }).returning("id").executeTakeFirstOrThrow();
    await db().insertInto("memberships").values({ user_id: ann.id, role: "stls", school_id: null, district_id: thanet.id }).execute();
    expect((await setLinkTeacher(db(), officer, { schoolId: riverside, teacherUserId: ann.id }, "test")).ok).toBe(true);
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "stls_link_teacher.set").where("subject_id", "=", String(riverside)).executeTakeFirstOrThrow();
    expect(JSON.parse(String(typeof audit.detail === "string" ? audit.detail : JSON.stringify(audit.detail)))).toMatchObject({ to: ann.id });
    // Tom cannot set Thanet's: Riverside is not a school of his district.
    expect(await setLinkTeacher(db(), await actor("stls@kent.example"), { schoolId: riverside, teacherUserId: tom }, "test")).toMatchObject({ ok: false, fieldErrors: { schoolId: ["Select the school"] } });
  });
});

describe("the pages, by role", () => {
  let senco: Browser;
  let stls: Browser;
  let officer: Browser;
  let riverside: Browser;
  beforeAll(async () => {
    senco = new Browser(t.app.baseUrl);
    stls = new Browser(t.app.baseUrl);
    officer = new Browser(t.app.baseUrl);
    riverside = new Browser(t.app.baseUrl);
    await Promise.all([senco.signIn("senco@oakfield.example"), stls.signIn("stls@kent.example"), officer.signIn("officer@kent.example"), riverside.signIn("senco@riverside.example")]);
  });

  it("shows a school its group, link teacher and coming meetings with its own referrals counted", async () => {
    const meetingId = await createLiftMeeting(db(), { startsInDays: 9, cap: 2 });
    await createLiftReferral(db(), { meetingId, pupil: ["Isla", "Foster"] });
    const text = mainText((await senco.get("/lift")).text);
    expect(text).toContain("Maidstone North LIFT (Maidstone)");
    expect(text).toContain("Tom Harding, stls@kent.example");
    expect(text).toContain("1 of 2");
    expect(text).toContain("Your school's referrals");
    expect(text).toContain("Refer a pupil");
  });

  it("shows the agenda with pupils to the district's STLS, counts only to the council, and the meeting to nobody else", async () => {
    const meetingId = await createLiftMeeting(db(), { startsInDays: 16 });
    await createLiftReferral(db(), { meetingId, pupil: ["Harry", "Reid"] });
    const agenda = mainText((await stls.get(`/lift/meetings/${meetingId}`)).text);
    expect(agenda).toContain("Harry Reid, 4");
    expect(agenda).toContain("What more should we put in place for reading and spelling?");
    const figures = await officer.get(`/lift/meetings/${meetingId}`);
    expect(figures.status).toBe(200);
    expect(mainText(figures.text)).toContain("Oakfield Primary School Cognition and learning Sent to LIFT 1");
    expect(figures.text).not.toContain("Harry");
    expect((await officer.get(`/lift/meetings/${meetingId}/agenda`)).status).toBe(404);
    expect((await riverside.get(`/lift/meetings/${meetingId}`)).status).toBe(404);
    const thanetMeeting = await createLiftMeeting(db(), { schoolUrn: "990002", startsInDays: 16 });
    expect((await stls.get(`/lift/meetings/${thanetMeeting}`)).status).toBe(404);
    expect((await stls.get(`/lift/meetings/${thanetMeeting}/edit`)).status).toBe(404);
    const printable = await stls.get(`/lift/meetings/${meetingId}/agenda`);
    expect(mainText(printable.text)).toContain("1. Harry Reid, 4 (Oakfield Primary School)");
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../app/db.server.ts";
import type { Actor } from "../../app/domain/access/access.server.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { takePlace } from "../../app/domain/workflow/bookable.server.ts";
import { type CaseStore, takeStep } from "../../app/domain/workflow/engine.server.ts";
import { canFlags, declareWorkflow, intentsOf } from "../../app/domain/workflow/workflow.ts";
import { createTestDatabase } from "../setup/database.ts";

// The workflow engine on its own (ADR 20), over a case table of the test's own: declaring steps, refusing a wrong
// state and a stale version, a resend counted once, the event and audit row in one transaction (a rollback leaves
// nothing), notifications after the write, and a bookable thing filled to exactly its capacity under concurrent
// attempts. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.

let handle: DatabaseHandle;
let officer: Actor;
let senco: Actor;
const db = () => handle.db;

const WORKFLOW = declareWorkflow({
  name: "test_case",
  states: ["open", "in_review", "closed"],
  steps: {
    review: { from: ["open"], to: "in_review", permission: "funding:decide", event: "review_started", tell: [], intent: "review" },
    close: { from: ["open", "in_review"], to: "closed", permission: "funding:decide", event: "closed", tell: ["owner"], intent: "close" },
    reopen: { from: ["closed"], to: "open", permission: "funding:decide", event: "reopened", tell: [] },
    draft: { from: ["open"], permission: "funding:draft", event: "drafted", tell: [] },
  },
});
type State = (typeof WORKFLOW.states)[number];
type Step = keyof typeof WORKFLOW.steps;
interface Row {
  id: number;
  status: State;
  version: number;
  school_id: number | null;
}

/** Set by a test to make telling the owner fail after the step's writes: the whole step must roll back. */
let failTelling = false;

const STORE: CaseStore<State, Step, "owner", Row> = {
  workflow: WORKFLOW,
  noun: "case",
  async lock(trx, actor, key) {
    // Under the actor's reach: the county sees every case, a school's staff only their school's.
    const reach = actor.role === "council_officer" ? sql<boolean>`true` : sql<boolean>`school_id = any(${actor.schoolIds})`;
    const found = await sql<Row>`select id, status, version, school_id from test_cases where key = ${key} and ${reach} for update`.execute(trx);
    return found.rows[0];
  },
  stateLabel: (state) => state.replace("_", " "),
  async save(trx, row, set) {
    await sql`update test_cases set status = ${set.status as string}, note = coalesce(${(set.note as string | undefined) ?? null}, note), version = version + 1 where id = ${row.id}`.execute(trx);
  },
  async addEvent(trx, actor, row, event) {
    await sql`insert into test_case_events (case_id, actor_user_id, action, from_status, to_status, comment, submission_digest)
      values (${row.id}, ${actor.userId}, ${event.action}, ${event.from}, ${event.to}, ${event.comment}, ${event.digest})`.execute(trx);
  },
  async eventRecorded(trx, actor, row, digest) {
    const found = await sql`select 1 from test_case_events where case_id = ${row.id} and actor_user_id = ${actor.userId} and submission_digest = ${digest}`.execute(trx);
    return found.rows.length > 0;
  },
  lastChange: async () => ({ did: "it was changed" }),
  async audience(_trx, _row, audience) {
    if (failTelling) throw new Error("the notification could not be queued");
    return audience === "owner" ? [officer.userId] : [];
  },
  auditDetail: (_row, key) => ({ key }),
};

async function newCase(key: string, schoolId: number | null = null) {
  await sql`insert into test_cases (key, status, school_id) values (${key}, 'open', ${schoolId})`.execute(db());
  return key;
}

async function caseRow(key: string) {
  return (await sql<{ id: number; status: string; version: number; note: string | null }>`select id, status, version, note from test_cases where key = ${key}`.execute(db())).rows[0]!;
}

async function count(query: ReturnType<typeof sql<{ n: number | string }>>) {
  return Number((await query.execute(db())).rows[0]!.n);
}

const eventsOf = (id: number) => count(sql`select count(*) as n from test_case_events where case_id = ${id}`);
const auditsOf = (id: number) => count(sql`select count(*) as n from audit_events where subject_type = 'test_case' and subject_id = ${String(id)}`);
const noticesAbout = (key: string) => count(sql`select count(*) as n from notifications where link = ${`/cases/${key}`}`);

const close = (key: string, version: number, comment = "Done") =>
  takeStep(db(), officer, STORE, "close", { key, version, comment }, "test-request", async () => ({
    set: { note: comment },
    notice: { message: `Case ${key} was closed.`, subject: `Case ${key}: closed`, link: `/cases/${key}` },
  }));

beforeAll(async () => {
  handle = await createTestDatabase({ seed: true });
  for (const statement of [
    sql`create table test_cases (id serial primary key, key text not null unique, status text not null, version integer not null default 1, school_id integer, note text)`,
    sql`create table test_case_events (id serial primary key, case_id integer not null references test_cases(id), actor_user_id integer, action text not null,
      from_status text, to_status text not null, comment text, submission_digest text)`,
    sql`create table test_slots (id serial primary key, places integer not null)`,
    sql`create table test_bookings (id serial primary key, slot_id integer not null references test_slots(id), attendee integer not null, cancelled boolean not null default false)`,
  ]) {
    await statement.execute(db());
  }
  officer = await actorForEmail(db(), "officer@kent.example");
  senco = await actorForEmail(db(), "senco@oakfield.example");
});

afterAll(async () => {
  await handle?.close();
});

describe("declaring a workflow (client-safe)", () => {
  it("gives each role's flags from the steps' permissions and starting states, and the pages' intents", () => {
    expect(canFlags(WORKFLOW, "council_officer", "open")).toEqual({ review: true, close: true, reopen: false, draft: false });
    expect(canFlags(WORKFLOW, "council_officer", "closed")).toEqual({ review: false, close: false, reopen: true, draft: false });
    expect(canFlags(WORKFLOW, "senco", "open")).toEqual({ review: false, close: false, reopen: false, draft: true });
    expect(canFlags(WORKFLOW, "admin", "open")).toEqual({ review: false, close: false, reopen: false, draft: false });
    expect(intentsOf(WORKFLOW)).toEqual({ review: "review", close: "close" });
  });
});

describe("taking a step", () => {
  it("moves the case, bumps its version, and writes its event, audit row and notification", async () => {
    const key = await newCase("CASE-1");
    const result = await close(key, 1);
    expect(result).toEqual({ ok: true, again: false });
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "closed", version: 2, note: "Done" });
    const events = await sql<{ action: string; from_status: string; to_status: string; comment: string; submission_digest: string | null }>`
      select action, from_status, to_status, comment, submission_digest from test_case_events where case_id = ${row.id}`.execute(db());
    expect(events.rows).toEqual([{ action: "closed", from_status: "open", to_status: "closed", comment: "Done", submission_digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const audit = await sql<{ action: string; actor_user_id: number; detail: unknown }>`
      select action, actor_user_id, detail from audit_events where subject_type = 'test_case' and subject_id = ${String(row.id)}`.execute(db());
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ action: "test_case.closed", actor_user_id: officer.userId });
    expect(audit.rows[0]!.detail).toMatchObject({ key, from: "open", to: "closed" });
    expect(await noticesAbout(key)).toBe(1);
  });

  it("refuses a step the case's state does not allow, saying where it is, and writes nothing", async () => {
    const key = await newCase("CASE-2");
    expect(await takeStep(db(), officer, STORE, "review", { key, version: 1 }, "r")).toEqual({ ok: true, again: false });
    const refused = await takeStep(db(), officer, STORE, "review", { key, version: 2 }, "r");
    expect(refused).toEqual({ ok: false, formError: "This case is now in review, so that cannot be done. The page shows where it is." });
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "in_review", version: 2 });
    expect(await eventsOf(row.id)).toBe(1);
    expect(await auditsOf(row.id)).toBe(1);
  });

  it("takes the first of several steps one form asks for whose starting states hold the case", async () => {
    const key = await newCase("CASE-3");
    await close(key, 1);
    const taken: Step[] = [];
    const result = await takeStep(db(), officer, STORE, ["review", "reopen"], { key, version: 2 }, "r", async (_trx, _row, step) => void taken.push(step));
    expect(result.ok).toBe(true);
    expect(taken).toEqual(["reopen"]);
    expect(await caseRow(key)).toMatchObject({ status: "open", version: 3 });
  });

  it("refuses a stale version that is not this person's same submission, saying what changed", async () => {
    const key = await newCase("CASE-4");
    await close(key, 1, "Closed: nothing more to do");
    const stale = await close(key, 1, "Closed for another reason");
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.formError).toMatch(/^Someone else changed this record while you were working on it: it was changed\./);
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "closed", version: 2, note: "Closed: nothing more to do" });
    expect(await eventsOf(row.id)).toBe(1);
  });

  it("counts a resubmitted form once: the same fields from the same version are answered as done and write nothing", async () => {
    const key = await newCase("CASE-5");
    expect(await close(key, 1)).toEqual({ ok: true, again: false });
    // A double click: both sends at once; and a resend after a slow reply.
    const again = await Promise.all([close(key, 1), close(key, 1)]);
    expect(again).toEqual([
      { ok: true, again: true },
      { ok: true, again: true },
    ]);
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "closed", version: 2 });
    expect(await eventsOf(row.id)).toBe(1);
    expect(await auditsOf(row.id)).toBe(1);
    expect(await noticesAbout(key)).toBe(1);
  });

  it("two people taking the same step at once: one wins, the other is told", async () => {
    const key = await newCase("CASE-6");
    const [first, second] = await Promise.all([close(key, 1, "Mine"), close(key, 1, "Theirs")]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const row = await caseRow(key);
    expect(row.version).toBe(2);
    expect(await eventsOf(row.id)).toBe(1);
  });

  it("writes the event and the audit row in the step's transaction: a failure after them leaves nothing", async () => {
    const key = await newCase("CASE-7");
    failTelling = true;
    try {
      await expect(close(key, 1)).rejects.toThrow("the notification could not be queued");
    } finally {
      failTelling = false;
    }
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "open", version: 1, note: null });
    expect(await eventsOf(row.id)).toBe(0);
    expect(await auditsOf(row.id)).toBe(0);
    expect(await noticesAbout(key)).toBe(0);
    // The same form then works, once.
    expect(await close(key, 1)).toEqual({ ok: true, again: false });
    expect(await eventsOf(row.id)).toBe(1);
  });

  it("a step's own refusal writes nothing", async () => {
    const key = await newCase("CASE-8");
    const refused = await takeStep(db(), officer, STORE, "close", { key, version: 1 }, "r", async () => ({ ok: false, fieldErrors: { note: ["Say why"] } }));
    expect(refused).toEqual({ ok: false, fieldErrors: { note: ["Say why"] } });
    const row = await caseRow(key);
    expect(row).toMatchObject({ status: "open", version: 1 });
    expect(await eventsOf(row.id)).toBe(0);
    expect(await auditsOf(row.id)).toBe(0);
  });

  it("locks the row under the actor's reach: a case they cannot reach, or a step they may not take, is a 404", async () => {
    const otherSchool = await newCase("CASE-9", senco.schoolIds[0]! + 100_000);
    const ownSchool = await newCase("CASE-10", senco.schoolIds[0]!);
    const status = (error: unknown) => (error instanceof Response ? error.status : error);
    await expect(takeStep(db(), senco, STORE, "draft", { key: otherSchool, version: 1 }, "r").catch(status)).resolves.toBe(404);
    await expect(takeStep(db(), senco, STORE, "close", { key: ownSchool, version: 1 }, "r").catch(status)).resolves.toBe(404);
    expect(await takeStep(db(), senco, STORE, "draft", { key: ownSchool, version: 1 }, "r")).toEqual({ ok: true, again: false });
    // A step that declares no `to` leaves the case where it is.
    expect(await caseRow(ownSchool)).toMatchObject({ status: "open", version: 2 });
    expect(await caseRow(otherSchool)).toMatchObject({ status: "open", version: 1 });
  });
});

describe("a bookable thing", () => {
  const SLOT = { table: "test_slots", capacityColumn: "places", bookings: { table: "test_bookings", thingColumn: "slot_id", holdsPlace: sql<boolean>`not cancelled` } };

  it("fills exactly its capacity however many try at once", async () => {
    const slot = (await sql<{ id: number }>`insert into test_slots (places) values (5) returning id`.execute(db())).rows[0]!.id;
    // One booking that was cancelled holds no place.
    await sql`insert into test_bookings (slot_id, attendee, cancelled) values (${slot}, 0, true)`.execute(db());
    const attempts = Array.from({ length: 30 }, (_, attendee) =>
      db()
        .transaction()
        .execute((trx) =>
          takePlace(trx, SLOT, slot, async (trx) => {
            await sql`insert into test_bookings (slot_id, attendee) values (${slot}, ${attendee + 1})`.execute(trx);
            return attendee + 1;
          }),
        ),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "full")).toHaveLength(25);
    expect(results.filter((r) => r.ok).map((r) => r.ok && r.placesLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await count(sql`select count(*) as n from test_bookings where slot_id = ${slot} and not cancelled`)).toBe(5);
  });

  it("says a thing that is not there is missing", async () => {
    const result = await db()
      .transaction()
      .execute((trx) => takePlace(trx, SLOT, 999_999, async () => 1));
    expect(result).toEqual({ ok: false, reason: "missing" });
  });
});

import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/types.ts";
import { actorForEmail } from "../../app/domain/access/actor.server.ts";
import { makeUpn } from "../../app/domain/pupils/upn.ts";
import { nextReference } from "../../app/domain/references.server.ts";
import { ANONYMISED_NAME, REMOVED } from "../../app/domain/retention/anonymise.server.ts";
import { retentionPage, runRetentionNow, sweepRetention } from "../../app/domain/retention/retention.server.ts";
import { leftBeforeDate } from "../../app/domain/retention/settings.server.ts";
import { addDays } from "../../app/domain/stls/meeting-dates.ts";
import { londonInstant } from "../../app/domain/london-time.ts";
import { londonToday } from "../../app/domain/financial-year.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { pdfBytes } from "../setup/documents.ts";
import { createInvolvement, createLiftReferral, createStlsSlot, createVisit, schoolId, userId } from "../setup/stls.ts";

// Retention (issue 12, ADR 60): a council setting says how many whole years the records of a pupil who left are
// kept; the dry run lists (by school, naming no one) the pupils who left before today less that many years; a run
// anonymises each of them all or nothing, once however many runs there are, keeping every count; the privacy
// notice says the period and who to ask.

const t = seededApp();
const db = () => t.database.db;
type DB = Kysely<Database>;

const admin = () => actorForEmail(db(), "admin@kent.example");

/** A made-up pupil at Oakfield (990001) with a UPN, who left on `dateLeft` (null: still on roll). */
async function addPupil(first: string, last: string, dateLeft: string | null, serial: string) {
  const row = await db()
    .insertInto("pupils")
    .values({
      school_id: await schoolId(db(), "990001"),
      first_name: first,
      last_name: last,
      date_of_birth: "2008-03-14",
      upn: makeUpn(`886211${serial.padStart(6, "0")}`),
      year_group: "6",
      sen_provision: "K",
      primary_need: "SPLD",
      date_added: "2012-09-01",
      date_left: dateLeft,
    })
    .returning(["id", "upn"])
    .executeTakeFirstOrThrow();
  return row;
}

/** A stored PDF; its key. */
async function storedFile(db: DB) {
  const bytes = pdfBytes();
  const key = randomUUID();
  await db.insertInto("stored_files").values({ storage_key: key, byte_size: bytes.length, complete: true }).execute();
  await db.insertInto("stored_file_chunks").values({ storage_key: key, seq: 0, bytes: Buffer.from(bytes) }).execute();
  return { key, bytes };
}

/**
 * A decided High Needs Funding request about the pupil with every kind of words a school and the council write
 * about a child: evidence, consent, a plan, timeline comments, a decision's reasons, a case note, a review, a
 * document. Everything free-text says the child's name.
 */
async function decidedRequest(pupilId: number, name: string) {
  const school = await schoolId(db(), "990001");
  const senco = await userId(db(), "senco@oakfield.example");
  const officer = await userId(db(), "officer@kent.example");
  const scheme = await db().selectFrom("funding_schemes").select("id").where("code", "=", "HNF").executeTakeFirstOrThrow();
  const request = await db()
    .insertInto("funding_requests")
    .values({
      reference: await nextReference(db(), "HNF"),
      school_id: school,
      scheme_id: scheme.id,
      pupil_id: pupilId,
      status: "approved",
      amount_requested_pence: 900_000,
      period_start: "2019-09-01",
      period_end: "2020-07-31",
      financial_year: 2019,
      evidence: JSON.stringify({ ehcp: `${name} has an EHC plan naming dyslexia`, full_time: `${name} is on roll full time` }),
      awarded_pence: 900_000,
      created_by: senco,
      submitted_at: new Date("2019-08-01T10:00:00Z"),
      decided_at: new Date("2019-08-20T10:00:00Z"),
      idempotency_key: randomBytes(16).toString("hex"),
      consent_given_by: `${name}'s mother`,
      consent_date: "2019-07-01",
      consent_method: "in_writing",
    })
    .returning(["id", "reference"])
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("funding_request_lines")
    .values({ funding_request_id: request.id, position: 1, description: `One-to-one reading for ${name}`, delivered_by: "Teaching assistant", hours_per_week: 5, weeks: 38, cost_pence: 900_000 })
    .execute();
  await db()
    .insertInto("funding_request_events")
    .values([
      { funding_request_id: request.id, actor_user_id: senco, actor_role: "senco", action: "sent_to_headteacher", from_status: "draft", to_status: "awaiting_headteacher", comment: `${name} needs this urgently` },
      { funding_request_id: request.id, actor_user_id: officer, actor_role: "council_officer", action: "decided", from_status: "in_review", to_status: "approved", comment: null },
    ])
    .execute();
  const decision = await db()
    .insertInto("funding_decisions")
    .values({ funding_request_id: request.id, outcome: "approved", awarded_pence: 900_000, reason_text: `Evidence for ${name} is strong`, period_reason: `${name} moves school in July`, decided_by: officer })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("funding_case_notes")
    .values({ funding_request_id: request.id, author_user_id: officer, body: `Spoke to the SENCO about ${name}`, submission_digest: "a".repeat(64) })
    .execute();
  const review = await db()
    .insertInto("funding_reviews")
    .values({ funding_request_id: request.id, decision_id: decision.id, number: 1, due_on: "2019-12-01", status: "recorded", progress: `${name} reads at age level now`, provision_continues: true, changes: `${name} needs less support`, recorded_by: senco, recorded_at: new Date("2019-12-01T10:00:00Z") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("funding_review_events")
    .values({ funding_review_id: review.id, actor_user_id: senco, actor_role: "senco", action: "recorded", from_status: "due", to_status: "recorded", comment: `${name} did well` })
    .execute();
  const file = await storedFile(db());
  await db()
    .insertInto("funding_request_documents")
    .values({
      funding_request_id: request.id,
      title: `${name} educational psychologist report`,
      evidence_key: "ehcp",
      file_name: `${name.replace(" ", "-")}-report.pdf`,
      media_type: "application/pdf",
      extension: "pdf",
      byte_size: file.bytes.length,
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      storage_key: file.key,
      upload_key: randomBytes(16).toString("hex"),
      uploaded_by: senco,
      uploaded_role: "senco",
    })
    .execute();
  return { ...request, fileKey: file.key };
}

/** A sent LIFT referral about the pupil with LIFT's involvement, a visit done and its note, all naming the child. */
async function liftHistory(first: string, last: string, slotInDays: number) {
  const name = `${first} ${last}`;
  const referral = await createLiftReferral(db(), { pupil: [first, last] });
  await db().updateTable("lift_referrals").set({ question: `How can we help ${name} with reading?`, agreement_signed_by: `${first}'s father` }).where("id", "=", referral.id).execute();
  await db()
    .insertInto("lift_referral_events")
    .values({ lift_referral_id: referral.id, actor_user_id: await userId(db(), "senco@oakfield.example"), actor_role: "senco", action: "comment", from_status: "sent", to_status: "sent", comment: `${name} was absent last week` })
    .execute();
  const involvement = await createInvolvement(db(), referral.id);
  await db().updateTable("lift_outcomes").set({ advice: `Observe ${name} in class` }).where("id", "=", involvement).execute();
  const slot = await createStlsSlot(db(), { startsInDays: slotInDays, time: "07:00" });
  const visit = await createVisit(db(), slot, involvement, { status: "done", note: `${name} responded well to precision teaching` });
  await db().insertInto("stls_visit_events").values({ stls_visit_id: visit, actor_user_id: await userId(db(), "stls@kent.example"), actor_role: "stls", action: "comment", from_status: "done", to_status: "done", comment: `Met ${name}'s class teacher` }).execute();
  const documents = await db().selectFrom("lift_referral_documents").select("storage_key").where("lift_referral_id", "=", referral.id).execute();
  return { referral, visit, fileKeys: documents.map((d) => d.storage_key) };
}

/** Every text column of every table (not the audit log's own), as one string per row, for searching a name in. */
async function rowsMentioning(text: string) {
  const found: string[] = [];
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db());
  for (const { table_name } of tables.rows) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} t where position(lower(${text}) in lower(t::text)) > 0`.execute(db());
    if (rows[0]!.n > 0) found.push(table_name);
  }
  return found;
}

const counts = async () => {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*)::int from pupils) as pupils,
    (select count(*)::int from funding_requests) as requests,
    (select coalesce(sum(awarded_pence), 0)::int from funding_requests) as awarded,
    (select count(*)::int from funding_decisions) as decisions,
    (select count(*)::int from funding_request_events) as request_events,
    (select count(*)::int from lift_referrals) as referrals,
    (select count(*)::int from lift_outcomes) as outcomes,
    (select count(*)::int from stls_visits) as visits,
    (select count(*)::int from audit_events where action not in ('pupil.anonymised', 'retention.run')) as audit_rows,
    (select coalesce(string_agg(school_id || ':' || status || ':' || reached_council || '=' || n, ',' order by school_id, status, reached_council), '') from funding_request_counts) as kept_counts,
    (select count(*)::int from pupils where date_left is null) as on_roll,
    (select coalesce(string_agg(school_id || ':' || sen_provision || ':' || primary_need || ':' || year_group, ',' order by id), '') from pupils) as register_figures`.execute(db());
  return rows[0]!;
};

/** Today in London less `years` years, then `days` days on. */
async function leftOn(years: number, days: number) {
  return addDays(await leftBeforeDate(db(), years, new Date()), days);
}

describe("the retention setting", () => {
  it("is changed by an administrator within bounds, with clear messages, audited, and the privacy notice says it", async () => {
    const anonymous = new Browser(t.app.baseUrl);
    const notice = await anonymous.get("/privacy");
    expect(notice.status).toBe(200);
    expect(mainText(notice.text)).toContain("we keep their records for 6 years after the date they left");
    expect(mainText(notice.text)).toContain("dataprotection@kent.gov.uk");

    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    expect((await senco.get("/admin/retention")).status).toBe(404);
    expect((await senco.post("/admin/retention", { intent: "settings", version: "1", years: "1", contact: "dpo@kent.gov.uk" })).status).toBe(404);

    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("admin@kent.example");
    const page = await browser.get("/admin/retention");
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("there is nothing to anonymise");
    for (const years of ["0", "41", "6.5", "-1", "six", "1000"]) {
      const refused = await browser.post("/admin/retention", { intent: "settings", version: "1", years, contact: "dataprotection@kent.gov.uk" });
      expect(refused.status, years).toBe(400);
      expect(title(refused.text)).toMatch(/^Error: /);
      expect(mainText(refused.text)).toContain("Enter the number of years as a whole number from 1 to 40");
      expect(refused.text).toContain(`value="${years}"`);
    }
    const empty = await browser.post("/admin/retention", { intent: "settings", version: "1", years: "", contact: "not an email" });
    expect(empty.status).toBe(400);
    expect(mainText(empty.text)).toContain("Enter how many years records are kept after a pupil leaves");
    expect(mainText(empty.text)).toContain("Enter the email address in the correct format");

    const saved = await browser.post("/admin/retention", { intent: "settings", version: "1", years: "7", contact: "SAR@Kent.gov.uk" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/admin/retention?saved=1");
    // Sent again from the same page (a double click): done already, not "changed by someone else".
    expect((await browser.post("/admin/retention", { intent: "settings", version: "1", years: "7", contact: "sar@kent.gov.uk" })).status).toBe(302);
    // A page from before someone else's change is refused, not applied over it.
    const stale = await browser.post("/admin/retention", { intent: "settings", version: "1", years: "3", contact: "sar@kent.gov.uk" });
    expect(stale.status).toBe(409);
    expect(mainText(stale.text)).toContain("Someone else changed this record");
    const audit = await db().selectFrom("audit_events").select(["detail", "actor_user_id"]).where("action", "=", "retention.settings_update").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toEqual({ yearsAfterLeaving: { from: 6, to: 7 }, contactChanged: true });

    const changed = mainText((await anonymous.get("/privacy")).text);
    expect(changed).toContain("we keep their records for 7 years after the date they left");
    expect(changed).toContain("sar@kent.gov.uk");

    // Back to the default for the rest of this file.
    expect((await browser.post("/admin/retention", { intent: "settings", version: "2", years: "6", contact: "dataprotection@kent.gov.uk" })).status).toBe(302);
    expect(mainText((await anonymous.get("/privacy")).text)).toContain("for 6 years after");
  });
});

describe("the dry run and the run", () => {
  it("lists exactly the pupils past the period, anonymises everything about them, keeps every count, and names them nowhere", async () => {
    const gone = await addPupil("Orla", "Quennell", await leftOn(6, -1), "901");
    const exactly = await addPupil("Piers", "Tolland", await leftOn(6, 0), "902");
    const yesterday = await addPupil("Wren", "Abernathy", addDays(londonToday(), -1), "903");
    const onRoll = await addPupil("Yusuf", "Caddel", null, "904");
    const request = await decidedRequest(gone.id, "Orla Quennell");
    const keptRequest = await decidedRequest(yesterday.id, "Wren Abernathy");
    const lift = await liftHistory("Orla", "Quennell", -3);
    // Something the audit log records about the child, as the pages record it (ids and references only).
    const officer = await actorForEmail(db(), "officer@kent.example");
    await db().insertInto("audit_events").values({ actor_user_id: officer.userId, actor_role: "council_officer", actor_org: "county", action: "pupil.view", subject_type: "pupil", subject_id: String(gone.id), request_id: "test", detail: JSON.stringify({ via: request.reference }) }).execute();

    const actor = await admin();
    const dryRun = (await retentionPage(db(), actor)).dryRun;
    expect(dryRun.total).toBe(1);
    expect(dryRun.schools).toEqual([{ urn: "990001", name: "Oakfield Primary School", pupils: 1, oldestLeft: await leftOn(6, -1) }]);
    expect(dryRun.oldestLeft).toBe(await leftOn(6, -1));
    // The page names schools and counts, no child.
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("admin@kent.example");
    const page = mainText((await browser.get("/admin/retention?confirm=run")).text);
    expect(page).toContain("1 pupil at 1 school left before");
    expect(page).toContain("Anonymise the records of 1 pupil?");
    expect(page).not.toContain("Quennell");

    const before = await counts();
    const beforeFiles = await db().selectFrom("stored_files").select("storage_key").execute();
    const ran = await browser.post("/admin/retention", { intent: "run", years: "6" });
    expect(ran.status).toBe(302);
    expect(ran.location).toMatch(/^\/admin\/retention\?ran=\d+$/);
    expect(mainText((await browser.get(ran.location!)).text)).toContain("1 pupil anonymised.");

    // The pupil: no name, no UPN, only the year of birth; the register's figures as they were.
    const pupil = await db().selectFrom("pupils").selectAll().where("id", "=", gone.id).executeTakeFirstOrThrow();
    expect(pupil).toMatchObject({ first_name: ANONYMISED_NAME.first, last_name: ANONYMISED_NAME.last, upn: null, date_of_birth: "2008-01-01", year_group: "6", primary_need: "SPLD" });
    expect(pupil.anonymised_at).not.toBeNull();
    // The request: still counted, decided and paid, with none of the words about the child.
    const row = await db().selectFrom("funding_requests").selectAll().where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "approved", awarded_pence: 900_000, consent_given_by: null, pupil_id: gone.id });
    expect(row.evidence).toEqual({});
    expect(await db().selectFrom("funding_request_lines").select(["description", "delivered_by", "cost_pence"]).where("funding_request_id", "=", request.id).execute()).toEqual([{ description: null, delivered_by: null, cost_pence: 900_000 }]);
    expect(await db().selectFrom("funding_case_notes").select("body").where("funding_request_id", "=", request.id).execute()).toEqual([{ body: REMOVED }]);
    expect(await db().selectFrom("funding_request_documents").select("id").where("funding_request_id", "=", request.id).execute()).toEqual([]);
    // Its documents' bytes are gone; the referral's too; other files stay.
    const afterFiles = new Set((await db().selectFrom("stored_files").select("storage_key").execute()).map((f) => f.storage_key));
    for (const key of [request.fileKey, ...lift.fileKeys]) expect(afterFiles.has(key)).toBe(false);
    expect(await db().selectFrom("stored_file_chunks").select("seq").where("storage_key", "in", [request.fileKey, ...lift.fileKeys]).execute()).toEqual([]);
    expect(afterFiles.size).toBe(beforeFiles.length - 1 - lift.fileKeys.length);
    expect(afterFiles.has(keptRequest.fileKey)).toBe(true);
    // LIFT: the referral stays sent, counted, with no words about the child.
    expect(await db().selectFrom("lift_referrals").select(["status", "question", "agreement_signed_by"]).where("id", "=", lift.referral.id).executeTakeFirstOrThrow()).toEqual({ status: "outcome", question: REMOVED, agreement_signed_by: REMOVED });
    expect(await db().selectFrom("stls_visits").select(["status", "outcome_note"]).where("id", "=", lift.visit).executeTakeFirstOrThrow()).toEqual({ status: "done", outcome_note: REMOVED });

    // Nothing anywhere names the child any more: not their name, not their UPN, not a word written about them.
    for (const text of ["Quennell", gone.upn!, "2008-03-14"]) {
      const found = await rowsMentioning(text);
      // The pupils still on the register share the made-up date of birth.
      expect(found.filter((table) => text !== "2008-03-14" || table !== "pupils"), text).toEqual([]);
    }
    // The others are untouched.
    for (const kept of [exactly, yesterday, onRoll]) {
      const other = await db().selectFrom("pupils").select(["first_name", "upn", "anonymised_at"]).where("id", "=", kept.id).executeTakeFirstOrThrow();
      expect(other.upn).toBe(kept.upn);
      expect(other.anonymised_at).toBeNull();
    }
    expect((await rowsMentioning("Wren Abernathy")).sort()).toEqual(["funding_case_notes", "funding_decisions", "funding_request_documents", "funding_request_events", "funding_request_lines", "funding_requests", "funding_review_events", "funding_reviews"]);

    // Every count the council reads is as it was; the audit log kept all its rows, and says what the run did.
    expect(await counts()).toEqual(before);
    const audit = await db().selectFrom("audit_events").select(["action", "subject_id", "actor_user_id", "detail"]).where("action", "in", ["pupil.anonymised", "retention.run"]).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["pupil.anonymised", "retention.run"]);
    expect(audit[0]).toMatchObject({ subject_id: String(gone.id), actor_user_id: null, detail: { fundingRequests: 1, liftReferrals: 1, visits: 1, documents: 1 + lift.fileKeys.length } });
    expect(audit[1]).toMatchObject({ actor_user_id: actor.userId, detail: { anonymised: 1, failed: 0, yearsAfterLeaving: 6 } });
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "pupil.view").where("subject_id", "=", String(gone.id)).execute()).toHaveLength(1);

    // Nothing left to do: the dry run is empty, and a second run changes nothing.
    expect((await retentionPage(db(), actor)).dryRun.total).toBe(0);
    expect(await runRetentionNow(db(), actor, { years: 6 }, "test")).toMatchObject({ ok: true, anonymised: 0, failed: 0 });
  });

  it("refuses a run confirmed for a period that has changed since", async () => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn("admin@kent.example");
    const refused = await browser.post("/admin/retention", { intent: "run", years: "9" });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain("The retention period changed since you opened this page");
    expect(await db().selectFrom("retention_runs").select("id").where("years_after_leaving", "=", 9).execute()).toEqual([]);
  });

  it("anonymises each pupil once when two runs go at once, and the night's run once a day from 02:00", async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await addPupil(`Twin${i}`, "Halloran", await leftOn(6, -10 - i), `91${i}`)).id);
    await decidedRequest(ids[0]!, "Twin0 Halloran");
    const actor = await admin();
    const [a, b] = await Promise.all([runRetentionNow(db(), actor, { years: 6 }, "test-a"), runRetentionNow(db(), actor, { years: 6 }, "test-b")]);
    if (!a.ok || !b.ok) throw new Error("refused");
    expect(a.anonymised + b.anonymised).toBe(4);
    expect(a.failed + b.failed).toBe(0);
    const rows = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "pupil.anonymised").where("subject_id", "in", ids.map(String)).execute();
    expect(rows.map((r) => Number(r.subject_id)).sort((x, y) => x - y)).toEqual(ids);

    // The night's run: nothing before 02:00 London time; from then, one portal of two claims the day.
    const today = londonToday();
    await addPupil("Nightly", "Halloran", await leftOn(6, -30), "920");
    expect(await sweepRetention(db(), londonInstant(today, "01:30"))).toEqual({ anonymised: 0, failed: 0, runs: 0 });
    const [x, y] = await Promise.all([sweepRetention(db(), londonInstant(today, "02:10")), sweepRetention(db(), londonInstant(today, "02:10"))]);
    expect(x.runs + y.runs).toBe(1);
    expect(x.anonymised + y.anonymised).toBe(1);
    expect(await sweepRetention(db(), londonInstant(today, "03:10"))).toEqual({ anonymised: 0, failed: 0, runs: 0 });
    const scheduled = await db().selectFrom("retention_runs").selectAll().where("kind", "=", "scheduled").execute();
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]).toMatchObject({ run_on: today, anonymised: 1, failed: 0, started_by: null });
    expect(scheduled[0]!.finished_at).not.toBeNull();
  });

  it("leaves a pupil whose anonymisation fails part-way exactly as they were, and the next run finishes it", async () => {
    const broken = await addPupil("Ines", "Marchbank", await leftOn(6, -5), "930");
    const fine = await addPupil("Ola", "Marchbank", await leftOn(6, -6), "931");
    const request = await decidedRequest(broken.id, "Ines Marchbank");
    const lift = await liftHistory("Ines", "Marchbank", -5);
    const before = await counts();
    // The fault: the database refuses the change to the pupil's visits, after their requests and referral have been
    // changed and their documents deleted within the same transaction.
    await sql.raw(`CREATE FUNCTION test_refuse_visit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.pupil_id = ${broken.id} THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`).execute(db());
    await sql`CREATE TRIGGER test_refuse_visit BEFORE UPDATE ON stls_visits FOR EACH ROW EXECUTE FUNCTION test_refuse_visit()`.execute(db());

    const actor = await admin();
    const first = await runRetentionNow(db(), actor, { years: 6 }, "test");
    expect(first).toMatchObject({ ok: true, anonymised: 1, failed: 1 });
    expect((await db().selectFrom("pupils").select("last_name").where("id", "=", fine.id).executeTakeFirstOrThrow()).last_name).toBe(ANONYMISED_NAME.last);
    // Nothing of the failed pupil changed: names, request, referral, documents and their bytes.
    expect(await db().selectFrom("pupils").select(["first_name", "upn", "anonymised_at"]).where("id", "=", broken.id).executeTakeFirstOrThrow()).toEqual({ first_name: "Ines", upn: broken.upn, anonymised_at: null });
    const kept = await db().selectFrom("funding_requests").select(["evidence", "consent_given_by"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(kept.consent_given_by).toBe("Ines Marchbank's mother");
    expect(JSON.stringify(kept.evidence)).toContain("Ines Marchbank");
    expect((await db().selectFrom("lift_referrals").select("question").where("id", "=", lift.referral.id).executeTakeFirstOrThrow()).question).toContain("Ines Marchbank");
    expect(await db().selectFrom("funding_request_documents").select("id").where("funding_request_id", "=", request.id).execute()).toHaveLength(1);
    expect(await db().selectFrom("stored_file_chunks").select("seq").where("storage_key", "=", request.fileKey).execute()).toHaveLength(1);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "pupil.anonymised").where("subject_id", "=", String(broken.id)).execute()).toEqual([]);
    // The admin's page says so, and still lists the pupil to go.
    const page = await retentionPage(db(), actor);
    expect(page.runs[0]).toMatchObject({ anonymised: 1, failed: 1 });
    expect(page.dryRun.total).toBe(1);

    // The fault mended: the next run finishes it.
    await sql`DROP TRIGGER test_refuse_visit ON stls_visits`.execute(db());
    await sql`DROP FUNCTION test_refuse_visit()`.execute(db());
    expect(await runRetentionNow(db(), actor, { years: 6 }, "test")).toMatchObject({ ok: true, anonymised: 1, failed: 0 });
    expect(await rowsMentioning("Marchbank")).toEqual([]);
    expect(await db().selectFrom("stored_files").select("storage_key").where("storage_key", "=", request.fileKey).execute()).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("keeps the history tables append-only outside a retention run", async () => {
    const event = await db().selectFrom("funding_request_events").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
    await expect(db().updateTable("funding_request_events").set({ comment: "rewritten" }).where("id", "=", event.id).execute()).rejects.toThrow(/append-only/);
    // Even in the run's mode, only free text may change, and nothing may be deleted.
    await expect(
      db().transaction().execute(async (trx) => {
        await sql`select set_config('portal.retention_scrub', 'on', true)`.execute(trx);
        await trx.updateTable("funding_request_events").set({ to_status: "declined" }).where("id", "=", event.id).execute();
      }),
    ).rejects.toThrow(/append-only/);
    await expect(
      db().transaction().execute(async (trx) => {
        await sql`select set_config('portal.retention_scrub', 'on', true)`.execute(trx);
        await trx.deleteFrom("funding_request_events").where("id", "=", event.id).execute();
      }),
    ).rejects.toThrow(/append-only/);
    const document = await db().selectFrom("lift_referral_documents").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow();
    await expect(db().deleteFrom("lift_referral_documents").where("id", "=", document.id).execute()).rejects.toThrow(/kept for the audit trail/);
    const audit = await db().selectFrom("audit_events").select("id").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    await expect(db().updateTable("audit_events").set({ detail: "{}" }).where("id", "=", audit.id).execute()).rejects.toThrow(/append-only/);
  });
});

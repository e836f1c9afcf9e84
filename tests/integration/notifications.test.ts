import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { type Notice, notifyUsers, usersWithRole } from "../../app/domain/notifications/notify.server.ts";
import {
  CLAIM_MS,
  EMAIL_FOOTER,
  MAX_ATTEMPTS,
  type Mailer,
  type OutgoingEmail,
  RETRY_DELAYS_MS,
  describeSendError,
  dispatchDueEmails,
} from "../../app/domain/notifications/outbox.server.ts";
import { UNREAD_COUNT_CAP, unreadCount } from "../../app/domain/notifications/notifications.server.ts";
import { startEmailDispatcher } from "../../server/email.ts";
import { Browser, mainText, seededApp, startApp, title } from "../setup/app.ts";

const t = seededApp();
const browsers = new Map<string, Browser>();
const ids = new Map<string, number>();

const SENCO = "senco@oakfield.example";
const HEAD = "head@oakfield.example";
const OTHER_SENCO = "senco@riverside.example";
const STLS = "stls@kent.example";
const OFFICER = "officer@kent.example";
const ADMIN = "admin@kent.example";

beforeAll(async () => {
  for (const email of [SENCO, HEAD, OTHER_SENCO, STLS, OFFICER, ADMIN]) {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    browsers.set(email, browser);
    ids.set(email, (await t.database.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id);
  }
});

const as = (email: string) => browsers.get(email)!;
const id = (email: string) => ids.get(email)!;

function notice(n: number | string): Notice {
  return {
    message: `Funding request HNF-2026-${String(n).padStart(5, "0")} is waiting for your sign-off.`,
    subject: `HNF-2026-${String(n).padStart(5, "0")}: waiting for your sign-off`,
    link: `/funding/HNF-2026-${String(n).padStart(5, "0")}`,
  };
}

/** Queues notices for these users in a committed transaction, as a use-case would. */
async function notify(emails: string[], n: Notice) {
  await t.database.db.transaction().execute((trx) => notifyUsers(trx, emails.map(id), n));
}

/** The text of the main navigation, as a screen reader reads its links. */
function navText(html: string) {
  const nav = /<nav aria-label="Main"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  return nav.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
}

async function countRows(table: "notifications" | "email_outbox", where: { message?: string; subject?: string }) {
  let query = t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
  if (table === "notifications" && where.message) query = query.where("message", "=", where.message);
  if (table === "email_outbox" && where.subject) query = query.where("subject", "=", where.subject);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe("telling the people who must act next", () => {
  it("writes a notification and an email for each user when the change commits, and neither when it rolls back", async () => {
    const rolledBack = notice("rolled-back");
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await notifyUsers(trx, [id(SENCO), id(HEAD)], rolledBack);
        throw new Error("the use-case failed after notifying");
      }),
    ).rejects.toThrow("the use-case failed");
    expect(await countRows("notifications", { message: rolledBack.message })).toBe(0);
    expect(await countRows("email_outbox", { subject: rolledBack.subject })).toBe(0);

    const committed = notice("committed");
    await notify([SENCO, HEAD, SENCO], committed);
    expect(await countRows("notifications", { message: committed.message })).toBe(2);
    const emails = await t.database.db.selectFrom("email_outbox").select(["to_address", "body", "link"]).where("subject", "=", committed.subject).orderBy("to_address").execute();
    expect(emails).toEqual([
      { to_address: HEAD, body: committed.message, link: committed.link },
      { to_address: SENCO, body: committed.message, link: committed.link },
    ]);
    await t.database.db.updateTable("notifications").set({ read_at: new Date() }).where("message", "=", committed.message).execute();
  });

  it("skips users who have been deactivated", async () => {
    const gone = await t.database.db
      .insertInto("users")
      .values({ email: "left@oakfield.example", display_name: "Former Head", password_hash: "x", active: false, deactivated_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const n = notice("inactive");
    await t.database.db.transaction().execute((trx) => notifyUsers(trx, [gone.id], n));
    expect(await countRows("notifications", { message: n.message })).toBe(0);
    expect(await countRows("email_outbox", { subject: n.subject })).toBe(0);
  });

  it("finds a school's headteachers, and only that school's", async () => {
    const oakfield = await t.database.db.selectFrom("schools").select("id").where("urn", "=", "990001").executeTakeFirstOrThrow();
    expect(await usersWithRole(t.database.db, "headteacher", oakfield.id)).toEqual([id(HEAD)]);
    // County-wide: the demo's two officers (West and North, East and South: ADR 30).
    const officers = await t.database.db.selectFrom("users").select("id").where("email", "in", [OFFICER, "officer.east@kent.example"]).execute();
    expect((await usersWithRole(t.database.db, "council_officer")).sort()).toEqual(officers.map((o) => o.id).sort());
  });
});

describe("the notifications page and the unread count", () => {
  it("shows the count in the navigation of every page, in the link's text", async () => {
    const before = navText((await as(SENCO).get("/home")).text);
    expect(before).toContain("Notifications");
    expect(before).not.toMatch(/unread/);
    for (const n of [101, 102, 103]) await notify([SENCO], notice(n));
    const home = await as(SENCO).get("/home");
    expect(navText(home.text)).toContain("Notifications, 3 unread");
    expect(navText((await as(SENCO).get("/account")).text)).toContain("Notifications, 3 unread");
    expect(navText((await as(HEAD).get("/home")).text)).not.toMatch(/unread/);
    expect(await unreadCount(t.database.db, id(SENCO))).toBe(3);
  });

  it("lists the user's own notifications, newest first, with their links, unread ones marked", async () => {
    const reply = await as(SENCO).get("/notifications");
    expect(reply.status).toBe(200);
    expect(title(reply.text)).toBe("Notifications - Kent SEND Inclusion Portal");
    const text = mainText(reply.text);
    const newest = text.indexOf(notice(103).message);
    const oldest = text.indexOf(notice(101).message);
    expect(newest).toBeGreaterThan(-1);
    expect(oldest).toBeGreaterThan(newest);
    // Unread ones open through a form that marks them read on the way.
    expect(reply.text.match(/name="intent" value="open"/g)).toHaveLength(3);
    expect(text.match(/Unread/g)).toHaveLength(3);
    expect(text).toContain("Mark all as read");
    // Reading the list marks nothing read: GET never changes anything.
    expect(navText((await as(SENCO).get("/notifications")).text)).toContain("Notifications, 3 unread");
  });

  it("shows nobody else's notifications", async () => {
    for (const email of [HEAD, OTHER_SENCO, ADMIN]) {
      const text = mainText((await as(email).get("/notifications")).text);
      expect(text, email).not.toContain(notice(101).message);
    }
    expect(mainText((await as(OTHER_SENCO).get("/notifications")).text)).toContain("You have no notifications.");
  });

  it("marks one notification read, and only the user's own", async () => {
    const mine = await t.database.db
      .selectFrom("notifications")
      .select("id")
      .where("user_id", "=", id(SENCO))
      .where("message", "=", notice(102).message)
      .executeTakeFirstOrThrow();
    // Another user posting this id changes nothing.
    const stranger = await as(OTHER_SENCO).post("/notifications", { intent: "read-one", id: String(mine.id) });
    expect(stranger.status).toBe(302);
    expect(await unreadCount(t.database.db, id(SENCO))).toBe(3);

    const reply = await as(SENCO).post("/notifications", { intent: "read-one", id: String(mine.id) });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/notifications");
    const page = await as(SENCO).get("/notifications");
    expect(navText(page.text)).toContain("Notifications, 2 unread");
    expect(mainText(page.text).match(/Unread/g)).toHaveLength(2);
    // Sent again (a double click): nothing more changes.
    expect((await as(SENCO).post("/notifications", { intent: "read-one", id: String(mine.id) })).status).toBe(302);
    expect(await unreadCount(t.database.db, id(SENCO))).toBe(2);
  });

  it("marks all read up to the newest the page showed: a notification that arrives meanwhile stays unread", async () => {
    const page = await as(SENCO).get("/notifications");
    const upTo = /name="upTo" value="(\d+)"/.exec(page.text)?.[1];
    expect(upTo).toBeDefined();
    await notify([SENCO], notice(104));
    const reply = await as(SENCO).post("/notifications", { intent: "read-all", upTo: upTo! });
    expect(reply.status).toBe(302);
    const after = await as(SENCO).get("/notifications");
    expect(navText(after.text)).toContain("Notifications, 1 unread");
    expect(mainText(after.text).match(/Unread/g)).toHaveLength(1);
    const latest = /name="upTo" value="(\d+)"/.exec(after.text)?.[1];
    await as(SENCO).post("/notifications", { intent: "read-all", upTo: latest! });
    const done = await as(SENCO).get("/notifications");
    expect(navText(done.text)).not.toMatch(/unread/);
    expect(mainText(done.text)).not.toContain("Mark all as read");
    expect(mainText(done.text)).toContain(notice(104).message);
  });

  it("refuses a form it cannot read with a plain error and changes nothing", async () => {
    await notify([HEAD], notice(105));
    const reply = await as(HEAD).post("/notifications", { intent: "read-all", upTo: "not-a-number" });
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Notifications/);
    expect(mainText(reply.text)).toContain("could not be marked as read");
    expect(await unreadCount(t.database.db, id(HEAD))).toBe(1);
    expect((await as(HEAD).post("/notifications", { intent: "delete-all", upTo: "1" })).status).toBe(400);
  });

  it("pages through a long list 50 at a time, and shows 99+ once the unread count passes 99", async () => {
    const many = Array.from({ length: UNREAD_COUNT_CAP + 20 }, (_, i) => ({ user_id: id(STLS), message: `Reminder ${i + 1}`, link: "/home" }));
    await t.database.db.insertInto("notifications").values(many).execute();
    expect(await unreadCount(t.database.db, id(STLS))).toBe(UNREAD_COUNT_CAP);
    const first = await as(STLS).get("/notifications");
    expect(navText(first.text)).toContain("Notifications, 99+ unread");
    expect(mainText(first.text)).toContain("Reminder 120");
    expect(mainText(first.text)).not.toContain("Reminder 70 ");
    expect(first.text).toContain('href="/notifications?page=2"');
    const third = await as(STLS).get("/notifications?page=3");
    expect(mainText(third.text)).toContain("Reminder 1 ");
    expect(third.text).not.toContain("page=4");
    expect(third.text).toContain('href="/notifications?page=2"');
    // Marking one read on page 3 comes back to page 3.
    const oldest = /name="id" value="(\d+)"/.exec(third.text)?.[1];
    const reply = await as(STLS).post("/notifications?page=3", { intent: "read-one", id: oldest! });
    expect(reply.location).toBe("/notifications?page=3");
    expect(third.text).toContain('action="/notifications?page=3"');
  });

  it("opens a notification where it points and marks it read; another user's cannot be opened", async () => {
    const own = await t.database.db
      .insertInto("notifications")
      .values({ user_id: id(OFFICER), message: "Funding request HNF-2026-00777 is waiting for a decision.", link: "/funding/HNF-2026-00777" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await as(HEAD).post("/notifications", { intent: "open", id: String(own.id) })).status).toBe(404);
    const opened = await as(OFFICER).post("/notifications", { intent: "open", id: String(own.id) });
    expect(opened.location).toBe("/funding/HNF-2026-00777");
    const row = await t.database.db.selectFrom("notifications").select("read_at").where("id", "=", own.id).executeTakeFirstOrThrow();
    expect(row.read_at).not.toBeNull();
    // Read now: a plain link.
    expect((await as(OFFICER).get("/notifications")).text).toContain('href="/funding/HNF-2026-00777"');
  });

  it("links only to pages inside the portal", async () => {
    await t.database.db.insertInto("notifications").values({ user_id: id(OFFICER), message: "Odd link", link: "//evil.example/x" }).execute();
    const reply = await as(OFFICER).get("/notifications");
    expect(reply.text).not.toContain("evil.example");
  });
});

// The dispatcher: a fake mail server stands in for SMTP (see email-smtp.test.ts for the real one).
function fakeMailer(behaviour: (email: OutgoingEmail, call: number) => void | Promise<void> = () => {}) {
  const sent: OutgoingEmail[] = [];
  let calls = 0;
  const mailer: Mailer = {
    from: "Kent SEND Inclusion Portal <no-reply@send.example>",
    publicUrl: "https://send.example",
    send: async (email) => {
      calls++;
      await behaviour(email, calls);
      sent.push(email);
    },
  };
  return { mailer, sent, calls: () => calls };
}

function later(from: Date, ms: number) {
  return new Date(from.getTime() + ms);
}

async function outboxRow(subject: string) {
  return t.database.db.selectFrom("email_outbox").selectAll().where("subject", "=", subject).executeTakeFirstOrThrow();
}

describe("sending the outbox", () => {
  beforeEach(async () => {
    await t.database.db.deleteFrom("email_outbox").execute();
  });

  it("sends each due email once, with the notice, the full link and the footer, and marks it sent", async () => {
    const n = notice(201);
    await notify([HEAD, OFFICER], n);
    const now = later(new Date(), 1000);
    const fake = fakeMailer();
    expect(await dispatchDueEmails(t.database.db, fake.mailer, now)).toEqual({ sent: 2, retrying: 0, gaveUp: 0 });
    expect(fake.sent.map((e) => e.to).sort()).toEqual([HEAD, OFFICER]);
    const email = fake.sent[0]!;
    expect(email.from).toBe("Kent SEND Inclusion Portal <no-reply@send.example>");
    expect(email.subject).toBe(n.subject);
    expect(email.text).toBe(`${n.message}\n\nhttps://send.example/funding/HNF-2026-00201\n\n--\n${EMAIL_FOOTER}\n`);
    const row = await outboxRow(n.subject);
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(await dispatchDueEmails(t.database.db, fake.mailer, later(now, 60 * 60_000))).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });
    expect(fake.calls()).toBe(2);
  });

  it("keeps a failure short and without the address, tries again after the backoff, then sends", async () => {
    const n = notice(202);
    await notify([HEAD], n);
    const now = later(new Date(), 1000);
    const warnings: unknown[] = [];
    const log = { warn: (details: Record<string, unknown>, message: string) => warnings.push({ details, message }) };
    const failing = fakeMailer(() => {
      throw Object.assign(new Error(`Can't send mail - all recipients were rejected: 550 5.1.1 <${HEAD}>: Recipient address rejected`), {
        code: "EENVELOPE",
        responseCode: 550,
      });
    });
    expect(await dispatchDueEmails(t.database.db, failing.mailer, now, { log })).toEqual({ sent: 0, retrying: 1, gaveUp: 0 });
    const row = await outboxRow(n.subject);
    expect(row.sent_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe("EENVELOPE 550: Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: Recipient address rejected");
    expect(row.next_attempt_at.getTime()).toBe(now.getTime() + RETRY_DELAYS_MS[0]!);
    expect(JSON.stringify(warnings)).not.toContain(HEAD);
    expect(JSON.stringify(warnings)).not.toContain(n.message);
    expect(JSON.stringify(warnings)).toContain("EENVELOPE");

    const working = fakeMailer();
    expect(await dispatchDueEmails(t.database.db, working.mailer, later(now, 30_000))).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });
    expect(await dispatchDueEmails(t.database.db, working.mailer, later(now, RETRY_DELAYS_MS[0]! + 1000))).toEqual({ sent: 1, retrying: 0, gaveUp: 0 });
    const sent = await outboxRow(n.subject);
    expect(sent.sent_at).not.toBeNull();
    expect(sent.attempts).toBe(2);
    expect(sent.last_error).toBeNull();
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, waiting longer each time, and the email stays as failed`, async () => {
    const n = notice(203);
    await notify([HEAD], n);
    const failing = fakeMailer(() => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ESOCKET" });
    });
    let now = later(new Date(), 1000);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const report = await dispatchDueEmails(t.database.db, failing.mailer, now);
      expect(report).toEqual(attempt < MAX_ATTEMPTS ? { sent: 0, retrying: 1, gaveUp: 0 } : { sent: 0, retrying: 0, gaveUp: 1 });
      const row = await outboxRow(n.subject);
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) waits.push(row.next_attempt_at.getTime() - now.getTime());
      now = later(row.next_attempt_at, 1000);
    }
    expect(waits).toEqual(RETRY_DELAYS_MS);
    expect(waits.every((w, i) => i === 0 || w > waits[i - 1]!)).toBe(true);
    expect(await dispatchDueEmails(t.database.db, failing.mailer, later(now, 30 * 24 * 3600_000))).toEqual({ sent: 0, retrying: 0, gaveUp: 0 });
    expect(failing.calls()).toBe(MAX_ATTEMPTS);
    const row = await outboxRow(n.subject);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toBe("ESOCKET: connect ECONNREFUSED 127.0.0.1:25");
  });

  it("sends each email exactly once when two dispatchers run at the same time", async () => {
    await t.database.db
      .insertInto("email_outbox")
      .values(Array.from({ length: 45 }, (_, i) => ({ to_address: `user${i}@school.example`, subject: `Parallel ${i}`, body: "A notice.", link: "/home" })))
      .execute();
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
    const a = fakeMailer(pause);
    const b = fakeMailer(pause);
    const now = later(new Date(), 1000);
    const [ra, rb] = await Promise.all([
      dispatchDueEmails(t.database.db, a.mailer, now, { batchSize: 5 }),
      dispatchDueEmails(t.database.db, b.mailer, now, { batchSize: 5 }),
    ]);
    const subjects = [...a.sent, ...b.sent].map((e) => e.subject);
    expect(subjects).toHaveLength(45);
    expect(new Set(subjects).size).toBe(45);
    expect(ra.sent + rb.sent).toBe(45);
    const rows = await t.database.db.selectFrom("email_outbox").select(["attempts", "sent_at"]).execute();
    expect(rows.every((r) => r.attempts === 1 && r.sent_at !== null)).toBe(true);

    // On PostgreSQL the pool has many connections, and the moment that matters can be held open: one
    // dispatcher's claim has locked some rows and not yet committed. Another must skip those rows, neither
    // waiting for them nor sending them. (PGlite has one connection, so the claims above already take turns.)
    if (t.database.kind === "postgres") {
      await t.database.db
        .insertInto("email_outbox")
        .values(Array.from({ length: 10 }, (_, i) => ({ to_address: `locked${i}@school.example`, subject: `Locked ${i}`, body: "A notice.", link: "/home" })))
        .execute();
      const other = fakeMailer();
      await t.database.db.transaction().execute(async (trx) => {
        const claimed = await trx.selectFrom("email_outbox").select("id").where("sent_at", "is", null).orderBy("id").limit(4).forUpdate().execute();
        const report = await Promise.race([
          dispatchDueEmails(t.database.db, other.mailer, now),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the dispatcher waited for rows another had locked")), 5000)),
        ]);
        expect(report.sent).toBe(6);
        await trx
          .updateTable("email_outbox")
          .set({ attempts: 1, next_attempt_at: later(now, CLAIM_MS) })
          .where("id", "in", claimed.map((c) => c.id))
          .execute();
      });
      expect(other.sent.map((e) => e.subject).sort()).toEqual(["Locked 4", "Locked 5", "Locked 6", "Locked 7", "Locked 8", "Locked 9"]);
      expect((await dispatchDueEmails(t.database.db, other.mailer, now)).sent).toBe(0);
    }
  });

  it("tries again an email whose dispatcher died while sending, once its claim runs out", async () => {
    const n = notice(204);
    await notify([HEAD], n);
    const now = later(new Date(), 1000);
    // What a dispatcher leaves behind if its process is killed between claiming and marking.
    await t.database.db.updateTable("email_outbox").set({ attempts: 1, next_attempt_at: later(now, CLAIM_MS) }).where("subject", "=", n.subject).execute();
    const fake = fakeMailer();
    expect((await dispatchDueEmails(t.database.db, fake.mailer, later(now, CLAIM_MS - 1000))).sent).toBe(0);
    expect((await dispatchDueEmails(t.database.db, fake.mailer, later(now, CLAIM_MS + 1000))).sent).toBe(1);
    expect((await outboxRow(n.subject)).attempts).toBe(2);
  });

  it("stops between emails on shutdown and leaves the rest due, their attempts not counted", async () => {
    for (const k of [205, 206, 207]) await notify([HEAD], notice(k));
    const stop = new AbortController();
    const fake = fakeMailer(() => stop.abort());
    const now = later(new Date(), 1000);
    expect(await dispatchDueEmails(t.database.db, fake.mailer, now, { signal: stop.signal })).toEqual({ sent: 1, retrying: 0, gaveUp: 0 });
    const rest = await t.database.db.selectFrom("email_outbox").select(["attempts", "next_attempt_at"]).where("sent_at", "is", null).execute();
    expect(rest).toHaveLength(2);
    expect(rest.every((r) => r.attempts === 0 && r.next_attempt_at.getTime() <= now.getTime())).toBe(true);
  });

  it("describes errors without addresses or credentials, in at most 200 characters", () => {
    expect(describeSendError(new Error("Invalid login: 535 5.7.8 Authentication failed for smtp://jo:hunter2@mail.example"))).not.toMatch(/hunter2|jo:/);
    expect(describeSendError(new Error("x".repeat(500))).length).toBeLessThanOrEqual(200);
    expect(describeSendError("weird")).toBe("weird");
    expect(describeSendError(undefined)).toBe("Unknown error");
  });
});

describe("the dispatcher in the running portal", () => {
  beforeEach(async () => {
    await t.database.db.deleteFrom("email_outbox").execute();
  });

  it("sends soon after a kick, one run at a time, and stops cleanly", async () => {
    for (const k of [301, 302, 303]) await notify([HEAD], notice(k));
    let inFlight = 0;
    let most = 0;
    const fake = fakeMailer(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
    });
    const dispatcher = startEmailDispatcher({
      db: t.database.db,
      mailer: fake.mailer,
      logger: pino({ level: "silent" }),
      intervalMs: 5,
      kickDelayMs: 5,
    });
    for (let i = 0; i < 5; i++) dispatcher.kick();
    for (let waited = 0; fake.sent.length < 3 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(fake.sent).toHaveLength(3);
    expect(most).toBe(1);
    await dispatcher.stop();
    await notify([HEAD], notice(304));
    dispatcher.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.sent).toHaveLength(3);
  });

  it("asks for a run after each successful POST, not after a GET or a refused POST", async () => {
    let changes = 0;
    const app = await startApp(t.database, { emailSending: true, afterChange: () => changes++ });
    try {
      const browser = new Browser(app.baseUrl);
      await browser.signIn(HEAD);
      const afterSignIn = changes;
      expect(afterSignIn).toBeGreaterThanOrEqual(1);
      await browser.get("/notifications");
      expect(changes).toBe(afterSignIn);
      await browser.post("/notifications", { intent: "read-all", upTo: "1" }, { csrf: null });
      expect(changes).toBe(afterSignIn);
      await browser.post("/notifications", { intent: "read-all", upTo: "1" });
      // The 'finish' event can follow the reply by a tick.
      await new Promise((r) => setTimeout(r, 20));
      expect(changes).toBe(afterSignIn + 1);
    } finally {
      await app.close();
    }
  });
});

describe("the admin's outbox page", () => {
  beforeAll(async () => {
    await t.database.db.deleteFrom("email_outbox").execute();
    await t.database.db
      .insertInto("email_outbox")
      .values([
        { to_address: "waiting@school.example", subject: "HNF-2026-00401: waiting", body: "Request HNF-2026-00401 is waiting.", link: "/funding/HNF-2026-00401" },
        {
          to_address: "retrying@school.example",
          subject: "HNF-2026-00402: retrying",
          body: "Request HNF-2026-00402 needs more information.",
          link: "/funding/HNF-2026-00402",
          attempts: 2,
          last_error: "ESOCKET: connect ECONNREFUSED",
          next_attempt_at: new Date(Date.now() + 5 * 60_000),
        },
        {
          to_address: "failed@school.example",
          subject: "HNF-2026-00403: failed",
          body: "Request HNF-2026-00403 was approved.",
          link: "/funding/HNF-2026-00403",
          attempts: MAX_ATTEMPTS,
          last_error: "EENVELOPE 550: recipient rejected",
        },
        { to_address: "sent@school.example", subject: "HNF-2026-00404: sent", body: "Request HNF-2026-00404 was declined.", link: "/funding/HNF-2026-00404", attempts: 1, sent_at: new Date() },
      ])
      .execute();
  });

  it("lists every email with its address, subject, body, link and status", async () => {
    const reply = await as(ADMIN).get("/admin/outbox");
    expect(reply.status).toBe(200);
    expect(title(reply.text)).toBe("Email outbox - Kent SEND Inclusion Portal");
    const text = mainText(reply.text);
    expect(text).toContain("Emails are not being sent");
    for (const to of ["waiting@school.example", "retrying@school.example", "failed@school.example", "sent@school.example"]) expect(text).toContain(to);
    expect(text).toContain("HNF-2026-00401: waiting");
    expect(text).toContain("Request HNF-2026-00402 needs more information.");
    expect(text).toContain("Link: /funding/HNF-2026-00403");
    expect(text).toContain(`Failed after ${MAX_ATTEMPTS} attempts`);
    expect(text).toContain("Last error: EENVELOPE 550: recipient rejected");
    expect(text).toMatch(/Sent \d+ \w+ \d{4}/);
    expect(reply.text).toContain("<details>");
  });

  it("filters by status, and says when emails are going out", async () => {
    const failed = mainText((await as(ADMIN).get("/admin/outbox?status=failed")).text);
    expect(failed).toContain("failed@school.example");
    expect(failed).not.toContain("waiting@school.example");
    expect(failed).not.toContain("sent@school.example");
    const pending = mainText((await as(ADMIN).get("/admin/outbox?status=pending")).text);
    expect(pending).toContain("waiting@school.example");
    expect(pending).toContain("retrying@school.example");
    expect(pending).not.toContain("failed@school.example");
    expect(mainText((await as(ADMIN).get("/admin/outbox?status=bogus")).text)).toContain("sent@school.example");

    const sendingApp = await startApp(t.database, { emailSending: true });
    try {
      const admin = new Browser(sendingApp.baseUrl);
      await admin.signIn(ADMIN);
      const text = mainText((await admin.get("/admin/outbox")).text);
      expect(text).not.toContain("Emails are not being sent");
      expect(text).toContain(`Tried 2 of ${MAX_ATTEMPTS} times; next try`);
      expect(text).toContain("Waiting to send");
    } finally {
      await sendingApp.close();
    }
  });

  it("pages through the outbox 50 at a time", async () => {
    await t.database.db
      .insertInto("email_outbox")
      .values(Array.from({ length: 60 }, (_, i) => ({ to_address: `bulk${i}@school.example`, subject: `Bulk ${i}`, body: "A notice.", link: "/home" })))
      .execute();
    const first = await as(ADMIN).get("/admin/outbox");
    expect(first.text).toContain('href="/admin/outbox?page=2"');
    expect(mainText(first.text)).not.toContain("waiting@school.example");
    const second = mainText((await as(ADMIN).get("/admin/outbox?page=2")).text);
    expect(second).toContain("waiting@school.example");
  });

  it("is not there for anyone but the admin", async () => {
    for (const email of [SENCO, HEAD, OFFICER, STLS]) {
      const reply = await as(email).get("/admin/outbox");
      expect(reply.status, email).toBe(404);
      expect(reply.text).not.toContain("@school.example");
    }
    const anonymous = await new Browser(t.app.baseUrl).get("/admin/outbox");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });
});

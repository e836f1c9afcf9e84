import { describe, expect, it } from "vitest";
import { FEEDBACK_LIMITS, sendFeedback, senderAddress } from "../../app/domain/feedback/feedback.server.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { pageForms } from "../setup/forms.ts";
import { ACCOUNTS } from "../setup/inventory.ts";

// Feedback about the portal (ADR 26): anyone sends it, signed in or not, without JavaScript; bad input is refused
// with the Design System's messages and what was typed kept; the page it came from is never trusted; the limits
// stop anyone filling the table; only the admin reads it.
//
// Behind a trusted proxy (as in production behind a load balancer), each test sends from addresses of its own
// (X-Forwarded-For), so the per-address limit of one test does not bite another.
const t = seededApp({ trustProxy: "loopback" });

let nextAddress = 1;
/** A fresh signed-out sender's address: 203.0.113.x (TEST-NET-3). */
const freshAddress = () => `203.0.113.${nextAddress++}`;

/** The feedback form as the page draws it (hidden page and key included), for a browser at an address. */
async function feedbackForm(browser: Browser, address: string, from?: string) {
  const pathname = `/feedback${from === undefined ? "" : `?from=${encodeURIComponent(from)}`}`;
  const page = await browser.request("GET", pathname, { headers: { "X-Forwarded-For": address } });
  expect(page.status).toBe(200);
  const form = pageForms(page.text, pathname).find((f) => f.fields.some(([name]) => name === "whatHappened"));
  expect(form, "the feedback form").toBeDefined();
  return { page, action: form!.action, fields: Object.fromEntries(form!.fields.filter(([name]) => name !== "csrf")) as Record<string, string> };
}

/** Sends the feedback form with `answers`, from `address`, to where the page's form sends it. */
async function send(browser: Browser, address: string, answers: Record<string, string>, from?: string) {
  const { action, fields } = await feedbackForm(browser, address, from);
  return browser.post(action.replace(/&amp;/g, "&"), { ...fields, ...answers }, { headers: { "X-Forwarded-For": address } });
}

const feedbackRows = () => t.database.db.selectFrom("feedback").selectAll().orderBy("id").execute();
const lastFeedback = async () => (await feedbackRows()).at(-1)!;

describe("sending feedback", () => {
  it("works signed out: stored without a name, the page as a bare path, audited, then a confirmation", async () => {
    const browser = new Browser(t.app.baseUrl);
    const address = freshAddress();
    const { page, fields } = await feedbackForm(browser, address, "/pupils?q=Hart#results");
    expect(title(page.text)).toBe("Give feedback - Kent SEND Inclusion Portal");
    expect(mainText(page.text)).toContain("Do not include a child's name or any other personal details");
    expect(mainText(page.text)).toContain("You are not signed in, so your feedback is sent without your name.");
    // The query (which can hold a child's name) is never carried on.
    expect(fields.from).toBe("/pupils");

    const reply = await browser.post(
      "/feedback",
      { ...fields, tryingToDo: "Find a pupil", whatHappened: "The search was quick.\r\nThe filters were hard to find.", replyEmail: "someone@school.example" },
      { headers: { "X-Forwarded-For": address } },
    );
    expect(reply.status).toBe(302);
    expect(reply.location).toBe("/feedback?sent=1&from=%2Fpupils");
    const row = await lastFeedback();
    expect(row).toMatchObject({
      user_id: null,
      acting_role: null,
      from_path: "/pupils",
      trying_to_do: "Find a pupil",
      what_happened: "The search was quick.\nThe filters were hard to find.",
      reply_email: "someone@school.example",
    });
    const audit = await t.database.db.selectFrom("audit_events").selectAll().where("action", "=", "feedback.send").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: null, subject_type: "feedback", subject_id: String(row.id) });
    // The audit row says that feedback was sent, never what it says.
    expect(JSON.stringify(audit.detail)).not.toContain("filters");

    const confirmation = await browser.get(reply.location!);
    expect(title(confirmation.text)).toBe("Feedback sent - Kent SEND Inclusion Portal");
    expect(mainText(confirmation.text)).toContain("What happens next");
    expect(confirmation.text).toContain('<a href="/pupils">Go back to the page you were on</a>');
  });

  it("works signed in, recording who sent it and the role they acted in", async () => {
    const senco = new Browser(t.app.baseUrl);
    await senco.signIn("senco@oakfield.example");
    const { page } = await feedbackForm(senco, freshAddress(), "/funding");
    expect(mainText(page.text)).toContain("You are signed in as Priya Shah: the SEND team will see your name and role with your feedback.");
    const reply = await send(senco, freshAddress(), { whatHappened: "Starting a request was easy." }, "/funding");
    expect(reply.status).toBe(302);
    const user = await t.database.db.selectFrom("users").select("id").where("email", "=", "senco@oakfield.example").executeTakeFirstOrThrow();
    expect(await lastFeedback()).toMatchObject({ user_id: user.id, acting_role: "senco", from_path: "/funding", trying_to_do: "", reply_email: null });
    const confirmation = await senco.get(reply.location!);
    expect(confirmation.text).toContain('<a href="/funding">Go back to the page you were on</a>');
    const noPage = await senco.get("/feedback?sent=1");
    expect(noPage.text).toContain('<a href="/home">Go to the portal</a>');
  });

  it("stores a form sent twice (a double click) once", async () => {
    const browser = new Browser(t.app.baseUrl);
    const address = freshAddress();
    const { fields } = await feedbackForm(browser, address);
    const before = (await feedbackRows()).length;
    const answers = { ...fields, whatHappened: "Sent twice by mistake" };
    const first = await browser.post("/feedback", answers, { headers: { "X-Forwarded-For": address } });
    const second = await browser.post("/feedback", answers, { headers: { "X-Forwarded-For": address } });
    expect([first.status, second.status]).toEqual([302, 302]);
    expect((await feedbackRows()).length).toBe(before + 1);
  });

  it("is protected against cross-site forms like every POST: no CSRF token, or another site's origin, is refused", async () => {
    const browser = new Browser(t.app.baseUrl);
    const before = (await feedbackRows()).length;
    expect((await browser.post("/feedback", { whatHappened: "No token" }, { csrf: null })).status).toBe(403);
    expect((await browser.post("/feedback", { whatHappened: "Elsewhere" }, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    expect((await feedbackRows()).length).toBe(before);
  });
});

describe("refused feedback", () => {
  it("says what is wrong with each field, in the Design System's words, and keeps what was typed", async () => {
    const browser = new Browser(t.app.baseUrl);
    const before = (await feedbackRows()).length;
    const reply = await send(browser, freshAddress(), { tryingToDo: "t".repeat(501), whatHappened: "   ", replyEmail: "not-an-email" }, "/schools");
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toBe("Error: Give feedback - Kent SEND Inclusion Portal");
    expect(reply.text).toMatch(/href="#feedback-tryingToDo"[^>]*>What you were trying to do must be 500 characters or fewer/);
    expect(reply.text).toMatch(/href="#feedback-whatHappened"[^>]*>Enter what went well or what went wrong/);
    expect(reply.text).toMatch(/href="#feedback-replyEmail"[^>]*>Enter an email address in the correct format, like name@example.com/);
    // What was typed is still there, and the page it is about.
    expect(reply.text).toContain(`>${"t".repeat(501)}</textarea>`);
    expect(reply.text).toContain('value="not-an-email"');
    expect(reply.text).toContain('name="from" value="/schools"');
    expect((await feedbackRows()).length).toBe(before);
  });

  it("asks for what went well or wrong when nothing is typed", async () => {
    const reply = await send(new Browser(t.app.baseUrl), freshAddress(), { tryingToDo: "", whatHappened: "", replyEmail: "" });
    expect(reply.status).toBe(400);
    expect(mainText(reply.text)).toContain("There is a problem Enter what went well or what went wrong");
  });

  it("refuses a body over its limit with 413 before reading it, by either address a form is sent to", async () => {
    const browser = new Browser(t.app.baseUrl);
    const before = (await feedbackRows()).length;
    const huge = { whatHappened: "x".repeat(25 * 1024) };
    expect((await browser.post("/feedback", huge)).status).toBe(413);
    // With JavaScript the form goes to the page's data address (Remix's single fetch): the same limit holds.
    expect((await browser.post("/feedback.data", huge)).status).toBe(413);
    expect((await feedbackRows()).length).toBe(before);
  });

  it("refuses an answer one character too long, and takes the longest one allowed in any script", async () => {
    const browser = new Browser(t.app.baseUrl);
    const tooLong = await send(browser, freshAddress(), { whatHappened: "x".repeat(1201) });
    expect(tooLong.status).toBe(400);
    expect(mainText(tooLong.text)).toContain("What went well or what went wrong must be 1,200 characters or fewer");
    // 1,200 characters that take 3 bytes each, 9 once percent-encoded, with the longest other answer: within the body limit.
    const longest = await send(browser, freshAddress(), { tryingToDo: "漢".repeat(500), whatHappened: "漢".repeat(1200), replyEmail: `${"a".repeat(239)}@school.example` });
    expect(longest.status, mainText(longest.text).slice(0, 300)).toBe(302);
    expect((await lastFeedback()).what_happened).toBe("漢".repeat(1200));
  });

  it("refuses odd characters cleanly: a NUL before anything is read, other control characters with a field error", async () => {
    const browser = new Browser(t.app.baseUrl);
    const before = (await feedbackRows()).length;
    const nul = await send(browser, freshAddress(), { whatHappened: "a\u0000b" });
    expect(nul.status).toBe(400);
    expect(mainText(nul.text)).toContain("The request could not be understood");
    const bell = await send(browser, freshAddress(), { whatHappened: "ring\u0007 \u001b[2J" });
    expect(bell.status).toBe(400);
    expect(mainText(bell.text)).toContain("What went well or what went wrong must only include letters, numbers, spaces and punctuation");
    expect((await feedbackRows()).length).toBe(before);
  });

  it("keeps markup, emoji and right-to-left text exactly, and the admin sees them as text", async () => {
    const typed = "<script>alert(1)</script> 😀 \u202eتجربة جيدة & <b>bold</b>";
    const reply = await send(new Browser(t.app.baseUrl), freshAddress(), { whatHappened: typed });
    expect(reply.status).toBe(302);
    expect((await lastFeedback()).what_happened).toBe(typed);
    const admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
    const list = await admin.get("/admin/feedback");
    expect(list.text).not.toContain("<script>alert(1)</script>");
    expect(list.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(list.text).toContain('dir="auto"');
  });

  it("never trusts the page it says it came from: only a bare path on this site is recorded", async () => {
    const cases: [string, string | null][] = [
      ["/pupils/12?q=Amelia+Hart#top", "/pupils/12"],
      ["//evil.example/x", null],
      ["/\\evil.example", null],
      ["/\t/evil.example", null],
      ["/.//evil.example", null],
      ["https://evil.example/", null],
      ["javascript:alert(1)", null],
      [" /home", null],
      ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
      [`/${"a".repeat(200)}`, null],
    ];
    const browser = new Browser(t.app.baseUrl);
    for (const [from, recorded] of cases) {
      const address = freshAddress();
      // Sent straight in the POST, as a crafted request would, not as the page drew it.
      const { fields } = await feedbackForm(browser, address);
      const reply = await browser.post("/feedback", { ...fields, from, whatHappened: `From ${JSON.stringify(from)}` }, { headers: { "X-Forwarded-For": address } });
      expect(reply.status, JSON.stringify(from)).toBe(302);
      expect((await lastFeedback()).from_path, JSON.stringify(from)).toBe(recorded);
      expect(reply.location, JSON.stringify(from)).toBe(recorded ? `/feedback?sent=1&from=${encodeURIComponent(recorded)}` : "/feedback?sent=1");
      // Drawn from the address bar, the same rules.
      expect((await feedbackForm(browser, address, from)).fields.from, JSON.stringify(from)).toBe(recorded ?? undefined);
    }
  });
});

describe("the limits on sending", () => {
  it("pause an address after 5 in an hour with 429, keeping what was typed, while other addresses still send", async () => {
    const browser = new Browser(t.app.baseUrl);
    const address = freshAddress();
    for (let i = 0; i < FEEDBACK_LIMITS.perAddressPerHour; i += 1) {
      expect((await send(browser, address, { whatHappened: `Message ${i}` })).status).toBe(302);
    }
    const before = (await feedbackRows()).length;
    const paused = await send(browser, address, { whatHappened: "One too many" });
    expect(paused.status).toBe(429);
    expect(title(paused.text)).toMatch(/^Error: Give feedback/);
    expect(mainText(paused.text)).toContain("A lot of feedback has been sent from here in a short time, so this was not sent.");
    expect(paused.text).toContain(">One too many</textarea>");
    // A new browser (no cookies) at the same address is the same sender.
    expect((await send(new Browser(t.app.baseUrl), address, { whatHappened: "Another browser" })).status).toBe(429);
    expect((await feedbackRows()).length).toBe(before);
    expect((await send(browser, freshAddress(), { whatHappened: "From elsewhere" })).status).toBe(302);
  });

  it("count an IPv6 sender by its /64, so changing the rest of the address does not help", async () => {
    expect(senderAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(senderAddress("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(senderAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(senderAddress("::ffff:198.51.100.7")).toBe("198.51.100.7");
    const browser = new Browser(t.app.baseUrl);
    for (let i = 0; i < FEEDBACK_LIMITS.perAddressPerHour; i += 1) {
      expect((await send(browser, `2001:db8:77:1:${i + 1}::${i + 1}`, { whatHappened: `IPv6 ${i}` })).status).toBe(302);
    }
    expect((await send(browser, "2001:db8:77:1:ffff::9", { whatHappened: "Same /64" })).status).toBe(429);
    expect((await send(browser, "2001:db8:77:2::1", { whatHappened: "Next /64" })).status).toBe(302);
  });

  it("pause a signed-in account after 5 in an hour, whatever address it sends from", async () => {
    const head = new Browser(t.app.baseUrl);
    await head.signIn("head@oakfield.example");
    for (let i = 0; i < FEEDBACK_LIMITS.perAccountPerHour; i += 1) {
      expect((await send(head, freshAddress(), { whatHappened: `Headteacher ${i}` })).status).toBe(302);
    }
    expect((await send(head, freshAddress(), { whatHappened: "One too many" })).status).toBe(429);
  });

  it("hold when many are sent at once from one address: exactly the limit is stored", async () => {
    const address = freshAddress();
    const browser = new Browser(t.app.baseUrl);
    const forms = await Promise.all(Array.from({ length: 10 }, () => feedbackForm(browser, address)));
    const before = (await feedbackRows()).length;
    const replies = await Promise.all(
      forms.map(({ fields }, i) => browser.post("/feedback", { ...fields, whatHappened: `At once ${i}` }, { headers: { "X-Forwarded-For": address } })),
    );
    expect(replies.filter((r) => r.status === 302)).toHaveLength(FEEDBACK_LIMITS.perAddressPerHour);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(10 - FEEDBACK_LIMITS.perAddressPerHour);
    expect((await feedbackRows()).length).toBe(before + FEEDBACK_LIMITS.perAddressPerHour);
  });

  it("put a ceiling on all signed-out feedback in a day, however many addresses send it, and forget sends older than a day", async () => {
    const db = t.database.db;
    await db.insertInto("feedback_sends").values({ sender: "address:192.0.2.1", signed_in: false, sent_at: new Date(Date.now() - 2 * 86_400_000) }).execute();
    const today = await db
      .selectFrom("feedback_sends")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("signed_in", "=", false)
      .where("sent_at", ">", new Date(Date.now() - 86_400_000))
      .executeTakeFirstOrThrow();
    // The ceiling set two above what this file has sent signed out today, each of the next three from a new address.
    const limits = { ...FEEDBACK_LIMITS, signedOutPerDay: Number(today.n) + 2 };
    const input = (n: number) => ({ whatHappened: `Ceiling ${n}`, from: null });
    const sender = () => ({ actor: null, ip: freshAddress(), requestId: "test-ceiling" });
    expect(await sendFeedback(db, sender(), input(1), limits)).toEqual({ ok: true });
    expect(await sendFeedback(db, sender(), input(2), limits)).toEqual({ ok: true });
    expect(await sendFeedback(db, sender(), input(3), limits)).toEqual({ ok: false, reason: "rate_limited" });
    expect(await db.selectFrom("feedback_sends").select("id").where("sender", "=", "address:192.0.2.1").execute()).toHaveLength(0);
  });
});

describe("reading feedback", () => {
  it("is the admin's alone: every other role gets 404, a signed-out visitor the sign-in page", async () => {
    for (const account of ACCOUNTS.filter((a) => a.role !== "admin")) {
      const browser = new Browser(t.app.baseUrl);
      await browser.signIn(account.email);
      const reply = await browser.get("/admin/feedback");
      expect(reply.status, account.role).toBe(404);
      expect(reply.text).toContain("Page not found");
      expect(reply.text, account.role).not.toContain('href="/admin/feedback"');
    }
    const anonymous = await new Browser(t.app.baseUrl).get("/admin/feedback");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Fadmin%2Ffeedback");
  });

  it("shows the admin every message, newest first, ten to a page, linked from the navigation", async () => {
    const admin = new Browser(t.app.baseUrl);
    await admin.signIn("admin@kent.example");
    const total = (await feedbackRows()).length;
    expect(total).toBeGreaterThan(10);
    const first = await admin.get("/admin/feedback");
    expect(first.status).toBe(200);
    expect(title(first.text)).toBe("Feedback - Kent SEND Inclusion Portal");
    expect(first.text).toMatch(/<a href="\/admin\/feedback" aria-current="page"[^>]*>Feedback<\/a>/);
    const pages = Math.ceil(total / 10);
    expect(mainText(first.text)).toContain(`${total} messages, newest first, page 1 of ${pages}`);
    expect(first.text).toContain('href="/admin/feedback?page=2"');
    const newest = await lastFeedback();
    const text = mainText(first.text);
    expect(text.indexOf(newest.what_happened.slice(0, 10))).toBeGreaterThan(-1);
    expect(text).toContain("Not signed in");
    const last = await admin.get(`/admin/feedback?page=${pages}`);
    expect(mainText(last.text)).toContain(`page ${pages} of ${pages}`);
    expect(mainText(last.text)).toContain("Priya Shah (SENCO)");
    expect(mainText(last.text)).toContain("someone@school.example");
    // A page past the end, or not a page at all, answers plainly.
    expect(mainText((await admin.get("/admin/feedback?page=9999")).text)).toContain("There is no feedback on this page.");
    expect((await admin.get("/admin/feedback?page=-1e9")).status).toBe(200);
  });
});

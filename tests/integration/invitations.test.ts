import { describe, expect, it } from "vitest";
import { ACCEPT_FAILURES_PER_IP } from "../../app/auth/invitation.server.ts";
import { auditActionWords } from "../../app/domain/audit/audit-words.ts";
import { type Mailer, type OutgoingEmail, dispatchDueEmails } from "../../app/domain/notifications/outbox.server.ts";
import { MAX_CSV_BYTES } from "../../app/domain/users/invitations.schema.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";
import { Browser, mainText, seededApp, title } from "../setup/app.ts";
import { multipart } from "../setup/documents.ts";

// Issue 12 (ADR 59): staff invited by email. The one-time link is made as the email is sent (never stored: not in the
// outbox, not on the admin's page), lasts seven days, works once; resending makes a new one and ends the old; revoking
// ends it. The admin invites anyone; a headteacher only their own school's SENCOs and headteachers. A CSV invites many
// with a report row by row. Accepting makes the account, or adds the role to an existing one after its password.

const OAKFIELD = "990001";
const RIVERSIDE = "990002";
const t = seededApp({ trustProxy: "loopback" });
const db = () => t.database.db;

let nextAddress = 10;
/** A browser of its own internet address (the portal trusts the loopback proxy's X-Forwarded-For here). */
function visitor() {
  const browser = new Browser(t.app.baseUrl);
  const ip = `203.0.113.${nextAddress++}`;
  return {
    browser,
    get: (path: string) => browser.get(path),
    accept: (fields: Record<string, string>) => browser.post("/invitation", fields, { headers: { "X-Forwarded-For": ip } }),
  };
}

async function signedIn(email: string) {
  const browser = new Browser(t.app.baseUrl);
  await browser.signIn(email);
  return browser;
}

/** Sends every email due, as the dispatcher does, and returns what went out. */
async function dispatch(): Promise<OutgoingEmail[]> {
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { from: "Portal <no-reply@portal.invalid>", publicUrl: "https://portal.invalid", send: async (email) => void sent.push(email) };
  await dispatchDueEmails(db(), mailer);
  return sent;
}

/** The invitation link (path and query) in the one email sent to `to`. */
function linkFor(sent: OutgoingEmail[], to: string): { link: string; token: string } {
  const emails = sent.filter((e) => e.to === to);
  expect(emails, `one email to ${to}`).toHaveLength(1);
  const found = /https:\/\/portal\.invalid(\/invitation\?token=([a-z2-7]{32}))/.exec(emails[0]!.text);
  expect(found, emails[0]!.text).not.toBeNull();
  return { link: found![1]!, token: found![2]! };
}

async function invitationOf(email: string) {
  return db().selectFrom("invitations").selectAll().where("email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
}

async function membershipsOf(email: string) {
  return db()
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .leftJoin("schools", "schools.id", "memberships.school_id")
    .select(["memberships.role", "schools.urn"])
    .where("users.email", "=", email)
    .orderBy("memberships.id")
    .execute();
}

function rowOf(html: string, email: string): string {
  const rows = html.split(/<tr[\s>]/).slice(1);
  const row = rows.find((r) => r.includes(email));
  expect(row, `a row for ${email}`).toBeDefined();
  return mainText(row!);
}

async function csv(browser: Browser, path: string, intent: "check" | "send", text: string, filename = "staff.csv") {
  const { body, contentType } = multipart([
    { name: "csrf", value: await browser.csrfToken() },
    { name: "intent", value: intent },
    { name: "file", filename, type: "text/csv", bytes: Buffer.from(text) },
  ]);
  return browser.request("POST", path, { body, headers: { "Content-Type": contentType, Origin: t.app.baseUrl } });
}

describe("an invitation sent by the admin", () => {
  it("emails a one-time link, made as it is sent, that makes the account; the link then stops working", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "new.senco@oakfield.example";
    const made = await admin.post("/admin/invitations/new", { email, displayName: "", role: "senco", schoolUrn: OAKFIELD });
    expect(made.status).toBe(302);
    expect(made.location).toBe("/admin/invitations?done=invited");
    const list = await admin.get(made.location!);
    expect(mainText(list.text)).toContain("The invitation has been made");
    expect(rowOf(list.text, email)).toContain("SENCO, Oakfield Primary School");
    expect(rowOf(list.text, email)).toContain("Pending Waiting to be sent");

    // The outbox holds the email, but no working link: the token is made as the email is sent.
    const queued = await db().selectFrom("email_outbox").select(["link", "body"]).where("to_address", "=", email).execute();
    expect(queued).toEqual([expect.objectContaining({ link: "/invitation" })]);
    expect(queued[0]!.body).not.toMatch(/token=/);
    expect(queued[0]!.body).toContain("Sam Okafor has invited you to the Kent SEND inclusion portal as SENCO, Oakfield Primary School");
    const outboxPage = await admin.get("/admin/outbox");
    expect(outboxPage.text).not.toMatch(/invitation\?token=/);

    const sent = await dispatch();
    const { link, token } = linkFor(sent, email);
    expect(sent.find((e) => e.to === email)!.subject).toBe("You are invited to the Kent SEND inclusion portal");
    const stored = await invitationOf(email);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);
    // Seven days from the sending.
    expect(Math.round((stored.expires_at!.getTime() - stored.sent_at!.getTime()) / 86_400_000)).toBe(7);
    expect(rowOf((await admin.get("/admin/invitations")).text, email)).toMatch(/Pending Sent .*; the link works until/);

    const person = visitor();
    const page = await person.get(link);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain("Create your account");
    expect(mainText(page.text)).toContain("SENCO, Oakfield Primary School");

    // Without a name (the invitation gave none) or with a weak password: refused, the link still works.
    const noName = await person.accept({ token, displayName: "", password: "a long and sensible passphrase" });
    expect(noName.status).toBe(400);
    expect(title(noName.text)).toMatch(/^Error: /);
    expect(mainText(noName.text)).toContain("Enter your full name");
    const weak = await person.accept({ token, displayName: "Nina Patel", password: "short" });
    expect(weak.status).toBe(400);
    expect(mainText(weak.text)).toContain("Password must be 8 characters or more");

    const done = await person.accept({ token, displayName: "Nina Patel", password: "a long and sensible passphrase" });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/invitation?accepted=new");
    expect(mainText((await person.get(done.location!)).text)).toContain("Your account is ready");
    await new Browser(t.app.baseUrl).signIn(email, "a long and sensible passphrase");
    expect(await membershipsOf(email)).toEqual([{ role: "senco", urn: OAKFIELD }]);
    const user = await db().selectFrom("users").select(["display_name"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(user.display_name).toBe("Nina Patel");
    expect(rowOf((await admin.get("/admin/invitations")).text, email)).toContain("Accepted");

    // The same link again: said plainly, nothing changed.
    const again = await visitor().get(link);
    expect(mainText(again.text)).toContain("This link no longer works");
    expect(again.text).not.toContain('name="password"');
    const reused = await visitor().accept({ token, displayName: "Someone Else", password: "another sensible passphrase" });
    expect(reused.status).toBe(409);
    expect(mainText(reused.text)).toContain("has expired, has already been used or is not right");
    expect((await db().selectFrom("users").select("display_name").where("email", "=", email).executeTakeFirstOrThrow()).display_name).toBe("Nina Patel");

    const audit = await db().selectFrom("audit_events").select(["action", "actor_user_id"]).where("subject_type", "=", "invitation").where("subject_id", "=", String(stored.id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["invitation.create", "invitation.accept"]);
    for (const action of ["invitation.create", "invitation.accept", "invitation.resend", "invitation.revoke", "invitation.csv", "invitation.accept_failed", "invitation.accept_rate_limited"]) {
      expect(auditActionWords(action)).not.toBe(action);
    }
  });

  it("adds the role to an account the address already has, once its password is given", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "head@riverside.example";
    expect((await admin.post("/admin/invitations/new", { email, role: "inclusion_champion", championUrns: `${OAKFIELD}, ${RIVERSIDE}` })).status).toBe(302);
    const { link, token } = linkFor(await dispatch(), email);
    const person = visitor();
    const page = await person.get(link);
    expect(mainText(page.text)).toContain("Add this role to your account");
    expect(mainText(page.text)).toContain("Inclusion Champion, 2 schools");

    const wrong = await person.accept({ token, password: "not the password" });
    expect(wrong.status).toBe(400);
    expect(mainText(wrong.text)).toContain("The password is not right for your account");
    expect(await membershipsOf(email)).toEqual([{ role: "headteacher", urn: RIVERSIDE }]);

    const done = await person.accept({ token, password: DEMO_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/invitation?accepted=existing");
    expect(await membershipsOf(email)).toEqual([
      { role: "headteacher", urn: RIVERSIDE },
      { role: "inclusion_champion", urn: OAKFIELD },
      { role: "inclusion_champion", urn: RIVERSIDE },
    ]);
    // Their password is as it was.
    await new Browser(t.app.baseUrl).signIn(email);

    // Invited again to a role they now hold: refused.
    const twice = await admin.post("/admin/invitations/new", { email, role: "headteacher", schoolUrn: RIVERSIDE });
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain("They already have this role there");
  });

  it("accepts once when the same link is sent from two tabs at the same moment", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "two.tabs@oakfield.example";
    expect((await admin.post("/admin/invitations/new", { email, displayName: "Tab Two", role: "senco", schoolUrn: OAKFIELD })).status).toBe(302);
    const { token } = linkFor(await dispatch(), email);
    const replies = await Promise.all([
      visitor().accept({ token, password: "the first tab's passphrase" }),
      visitor().accept({ token, password: "the second tab's passphrase" }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await membershipsOf(email)).toEqual([{ role: "senco", urn: OAKFIELD }]);
  });

  it("refuses a second invitation to the same role while one is waiting, and checks the form", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "twice@oakfield.example";
    expect((await admin.post("/admin/invitations/new", { email, role: "headteacher", schoolUrn: OAKFIELD })).status).toBe(302);
    const again = await admin.post("/admin/invitations/new", { email: "Twice@Oakfield.example", role: "headteacher", schoolUrn: OAKFIELD });
    expect(again.status).toBe(400);
    expect(mainText(again.text)).toContain("They have already been invited to this role");
    const bad = await admin.post("/admin/invitations/new", { email: "not an address", role: "senco", schoolUrn: "999999" });
    expect(bad.status).toBe(400);
    expect(mainText(bad.text)).toContain("Enter an email address in the correct format");
    const noSchool = await admin.post("/admin/invitations/new", { email: "someone@oakfield.example", role: "senco", schoolUrn: "999999" });
    expect(noSchool.status).toBe(400);
    expect(mainText(noSchool.text)).toContain("No school has the URN 999999");
    expect(await db().selectFrom("invitations").select("id").where("email", "=", "someone@oakfield.example").execute()).toEqual([]);
  });
});

describe("resending, revoking and expiry", () => {
  it("resends with a new link (the old one stops working at once), and reopens an expired invitation", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "resent@oakfield.example";
    expect((await admin.post("/admin/invitations/new", { email, displayName: "Rhea Sent", role: "senco", schoolUrn: OAKFIELD })).status).toBe(302);
    const first = linkFor(await dispatch(), email);
    const invitation = await invitationOf(email);

    const resent = await admin.post("/admin/invitations", { intent: "resend", invitationId: String(invitation.id) });
    expect(resent.status).toBe(302);
    expect(resent.location).toBe("/admin/invitations?done=resent");
    // Sent twice before its email has gone (a double click): one email.
    expect((await admin.post("/admin/invitations", { intent: "resend", invitationId: String(invitation.id) })).status).toBe(302);
    expect(mainText((await visitor().get(first.link)).text)).toContain("This link no longer works");
    const second = linkFor(await dispatch(), email);
    expect(second.token).not.toBe(first.token);
    expect(mainText((await visitor().get(second.link)).text)).toContain("Create your account");

    // Past its seven days: expired, said plainly; resending makes it work again with a new link.
    await db().updateTable("invitations").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", invitation.id).execute();
    expect(mainText((await visitor().get(second.link)).text)).toContain("This link no longer works");
    expect((await visitor().accept({ token: second.token, password: "a long and sensible passphrase" })).status).toBe(409);
    expect(rowOf((await admin.get("/admin/invitations")).text, email)).toContain("Expired");
    expect((await admin.post("/admin/invitations", { intent: "resend", invitationId: String(invitation.id) })).status).toBe(302);
    const third = linkFor(await dispatch(), email);
    expect(rowOf((await admin.get("/admin/invitations")).text, email)).toContain("Pending");
    expect((await visitor().accept({ token: third.token, password: "a long and sensible passphrase" })).status).toBe(302);
    expect((await db().selectFrom("users").select("display_name").where("email", "=", email).executeTakeFirstOrThrow()).display_name).toBe("Rhea Sent");

    // Accepted: neither resent nor revoked.
    const late = await admin.post("/admin/invitations", { intent: "revoke", invitationId: String(invitation.id) });
    expect(late.status).toBe(409);
    expect(mainText(late.text)).toContain("already been accepted");
    const actions = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "invitation").where("subject_id", "=", String(invitation.id)).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["invitation.create", "invitation.resend", "invitation.resend", "invitation.accept"]);
  });

  it("revokes: the link stops working and an email not yet sent is never sent", async () => {
    const admin = await signedIn("admin@kent.example");
    const email = "revoked@oakfield.example";
    expect((await admin.post("/admin/invitations/new", { email, role: "senco", schoolUrn: OAKFIELD })).status).toBe(302);
    const { link, token } = linkFor(await dispatch(), email);
    const invitation = await invitationOf(email);
    expect((await admin.post("/admin/invitations", { intent: "resend", invitationId: String(invitation.id) })).status).toBe(302);
    const revoked = await admin.post("/admin/invitations", { intent: "revoke", invitationId: String(invitation.id) });
    expect(revoked.status).toBe(302);
    expect(revoked.location).toBe("/admin/invitations?done=revoked");
    expect((await admin.post("/admin/invitations", { intent: "revoke", invitationId: String(invitation.id) })).status).toBe(302);
    expect(mainText((await visitor().get(link)).text)).toContain("This link no longer works");
    expect((await visitor().accept({ token, displayName: "Rex", password: "a long and sensible passphrase" })).status).toBe(409);
    expect((await dispatch()).filter((e) => e.to === email)).toEqual([]);
    const outbox = await db().selectFrom("email_outbox").select(["sent_at", "last_error"]).where("to_address", "=", email).orderBy("id").execute();
    expect(outbox[1]!.last_error).toBe("Not sent: the invitation it was for is no longer wanted");
    expect(rowOf((await admin.get("/admin/invitations")).text, email)).toContain("Revoked");
    const resend = await admin.post("/admin/invitations", { intent: "resend", invitationId: String(invitation.id) });
    expect(resend.status).toBe(409);
    expect(mainText(resend.text)).toContain("This invitation was revoked");
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    // A tampered form: not a number, or an invitation that does not exist.
    expect((await admin.post("/admin/invitations", { intent: "revoke", invitationId: "abc" })).status).toBe(400);
    expect((await admin.post("/admin/invitations", { intent: "revoke", invitationId: "999999" })).status).toBe(404);
  });

  it("refuses forged links alike, and limits failed attempts from one internet address", async () => {
    const person = visitor();
    for (const token of ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "not a token", "", "a".repeat(5000)]) {
      const page = await person.get(`/invitation?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(200);
      expect(mainText(page.text)).toContain("This link no longer works");
    }
    const admin = await signedIn("admin@kent.example");
    const email = "limited@oakfield.example";
    expect((await admin.post("/admin/invitations/new", { email, role: "senco", schoolUrn: OAKFIELD, displayName: "Lim Ited" })).status).toBe(302);
    const { token } = linkFor(await dispatch(), email);
    for (let i = 0; i < ACCEPT_FAILURES_PER_IP; i++) {
      const forged = await person.accept({ token: `${"b".repeat(31)}${"abcdefghijklmnopqrstuvwxyz234567"[i]}`, password: "a long and sensible passphrase" });
      expect(forged.status).toBe(409);
    }
    const limited = await person.accept({ token, password: "a long and sensible passphrase" });
    expect(limited.status).toBe(429);
    expect(mainText(limited.text)).toContain("too many attempts to accept an invitation from this connection");
    expect(await db().selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    // Another address is not held up.
    expect((await visitor().accept({ token, password: "a long and sensible passphrase" })).status).toBe(302);
  });
});

describe("a headteacher's invitations", () => {
  it("invites their own school's SENCO, and refuses a council role, another school and a tampered form", async () => {
    const head = await signedIn("head@oakfield.example");
    expect(mainText((await head.get("/school/invitations/new")).text)).toContain("Oakfield Primary School");
    const made = await head.post("/school/invitations/new", { email: "senco2@oakfield.example", role: "senco" });
    expect(made.status).toBe(302);
    expect(made.location).toBe("/school/invitations?done=invited");
    expect(await (await invitationOf("senco2@oakfield.example")).school_id).toBe(
      (await db().selectFrom("schools").select("id").where("urn", "=", OAKFIELD).executeTakeFirstOrThrow()).id,
    );

    const council = await head.post("/school/invitations/new", { email: "officer2@kent.example", role: "council_officer" });
    expect(council.status).toBe(400);
    expect(mainText(council.text)).toContain("You can invite only SENCOs and headteachers of your own school");
    const admin = await head.post("/school/invitations/new", { email: "admin2@kent.example", role: "admin" });
    expect(admin.status).toBe(400);
    const otherSchool = await head.post("/school/invitations/new", { email: "senco3@riverside.example", role: "senco", schoolUrn: RIVERSIDE });
    expect(otherSchool.status).toBe(400);
    expect(mainText(otherSchool.text)).toContain("You can invite staff only to your own school");
    for (const email of ["officer2@kent.example", "admin2@kent.example", "senco3@riverside.example"]) {
      expect(await db().selectFrom("invitations").select("id").where("email", "=", email).execute()).toEqual([]);
    }
    // The admin's pages are not theirs.
    expect((await head.get("/admin/invitations")).status).toBe(404);
    expect((await head.post("/admin/invitations/new", { email: "x@kent.example", role: "admin" })).status).toBe(404);
  });

  it("lists and changes only their own school's invitations", async () => {
    const admin = await signedIn("admin@kent.example");
    expect((await admin.post("/admin/invitations/new", { email: "council.only@kent.example", role: "council_officer" })).status).toBe(302);
    expect((await admin.post("/admin/invitations/new", { email: "riverside.senco@riverside.example", role: "senco", schoolUrn: RIVERSIDE })).status).toBe(302);
    expect((await admin.post("/admin/invitations/new", { email: "oak.head@oakfield.example", role: "headteacher", schoolUrn: OAKFIELD })).status).toBe(302);
    const oakfield = await signedIn("head@oakfield.example");
    const list = (await oakfield.get("/school/invitations")).text;
    expect(list).toContain("oak.head@oakfield.example");
    expect(list).not.toContain("council.only@kent.example");
    expect(list).not.toContain("riverside.senco@riverside.example");

    const riversideInvitation = await invitationOf("riverside.senco@riverside.example");
    expect((await oakfield.post("/school/invitations", { intent: "revoke", invitationId: String(riversideInvitation.id) })).status).toBe(404);
    expect((await oakfield.post("/school/invitations", { intent: "resend", invitationId: String((await invitationOf("council.only@kent.example")).id) })).status).toBe(404);
    expect((await invitationOf("riverside.senco@riverside.example")).revoked_at).toBeNull();
    const ours = await invitationOf("oak.head@oakfield.example");
    expect((await oakfield.post("/school/invitations", { intent: "revoke", invitationId: String(ours.id) })).status).toBe(302);
    expect(rowOf((await oakfield.get("/school/invitations")).text, "oak.head@oakfield.example")).toContain("Revoked");

    // A SENCO invites no one.
    const senco = await signedIn("senco@oakfield.example");
    expect((await senco.get("/school/invitations")).status).toBe(404);
    expect((await senco.post("/school/invitations/new", { email: "y@oakfield.example", role: "senco" })).status).toBe(404);
  });
});

describe("a CSV of staff", () => {
  const FILE = [
    "Email,Name,Role,School URN",
    `csv.one@oakfield.example,Cara One,SENCO,${OAKFIELD}`,
    `not-an-email,Bad Address,SENCO,${OAKFIELD}`,
    `csv.two@oakfield.example,Cal Two,Teaching assistant,${OAKFIELD}`,
    "csv.three@nowhere.example,Cy Three,Headteacher,999999",
    `csv.one@oakfield.example,Cara One,SENCO,${OAKFIELD}`,
    `twice@oakfield.example,Already Invited,Headteacher,${OAKFIELD}`,
    '"csv.four@kent.example","Four, Council",Council officer,',
    `csv.five@riverside.example,Fi Five,headteacher,${RIVERSIDE}`,
  ].join("\r\n");

  it("checks a file row by row without sending anything, then sends it with the same report", async () => {
    const admin = await signedIn("admin@kent.example");
    // The "already invited" row's invitation exists (the earlier test made it); make sure of it here too.
    await admin.post("/admin/invitations/new", { email: "twice@oakfield.example", role: "headteacher", schoolUrn: OAKFIELD });
    const before = await db().selectFrom("invitations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const checked = await csv(admin, "/admin/invitations/upload", "check", `\uFEFF${FILE}`);
    expect(checked.status).toBe(200);
    const report = mainText(checked.text);
    expect(report).toContain("What sending would do");
    expect(report).toContain("3 would be invited, 5 refused. Nothing has been sent yet.");
    expect(rowOf(checked.text, "csv.one@oakfield.example")).toMatch(/^2 csv\.one@oakfield\.example Will be invited SENCO, Oakfield Primary School$/);
    expect(rowOf(checked.text, "not-an-email")).toContain("Refused Not a valid email address");
    expect(rowOf(checked.text, "csv.two@oakfield.example")).toContain("Unknown role “Teaching assistant”");
    expect(rowOf(checked.text, "csv.three@nowhere.example")).toContain("School not found: no school has the URN 999999");
    expect(mainText(checked.text.split(/<tr[\s>]/).slice(1).find((r) => r.includes(">6<"))!)).toContain("Duplicate of row 2");
    expect(rowOf(checked.text, "twice@oakfield.example")).toContain("They have already been invited to this role");
    expect(rowOf(checked.text, "csv.four@kent.example")).toContain("Will be invited Council officer, Kent County Council");
    expect(rowOf(checked.text, "csv.five@riverside.example")).toContain("Will be invited Headteacher, Riverside Academy");
    const after = await db().selectFrom("invitations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await db().selectFrom("email_outbox").select("id").where("to_address", "=", "csv.one@oakfield.example").execute()).toEqual([]);

    const sent = await csv(admin, "/admin/invitations/upload", "send", FILE);
    expect(sent.status).toBe(200);
    expect(mainText(sent.text)).toContain("3 people have been invited; 5 rows were refused.");
    expect(rowOf(sent.text, "csv.one@oakfield.example")).toContain("Invited SENCO, Oakfield Primary School");
    const four = await invitationOf("csv.four@kent.example");
    expect([four.role, four.display_name]).toEqual(["council_officer", "Four, Council"]);
    expect(linkFor(await dispatch(), "csv.five@riverside.example").token).toHaveLength(32);
    // The same file again: everyone is now already invited.
    const again = await csv(admin, "/admin/invitations/upload", "check", FILE);
    expect(mainText(again.text)).toContain("0 would be invited, 8 refused.");
    const audit = await db().selectFrom("audit_events").select("detail").where("action", "=", "invitation.csv").execute();
    expect(audit).toHaveLength(1);
  });

  it("lets a headteacher invite only their own school's staff from a file", async () => {
    const head = await signedIn("head@oakfield.example");
    const file = [
      "email,name,role,school urn",
      "head.csv1@oakfield.example,Ann,senco,",
      `head.csv2@oakfield.example,Ben,Headteacher,${OAKFIELD}`,
      `head.csv3@riverside.example,Cat,SENCO,${RIVERSIDE}`,
      "head.csv4@oakfield.example,Dan,SENCO,999999",
      "head.csv5@kent.example,Eve,Council officer,",
      `head.csv6@kent.example,Fay,Inclusion Champion,${OAKFIELD}`,
    ].join("\n");
    const reply = await csv(head, "/school/invitations/upload", "send", file);
    expect(reply.status).toBe(200);
    expect(mainText(reply.text)).toContain("2 people have been invited; 4 rows were refused.");
    expect(rowOf(reply.text, "head.csv1@oakfield.example")).toContain("Invited SENCO, Oakfield Primary School");
    // Another school's URN and one that exists nowhere are answered alike: nothing about other schools is revealed.
    expect(rowOf(reply.text, "head.csv3@riverside.example")).toContain("You can invite staff only to your own school");
    expect(rowOf(reply.text, "head.csv4@oakfield.example")).toContain("You can invite staff only to your own school");
    expect(rowOf(reply.text, "head.csv5@kent.example")).toContain("You can invite only SENCOs and headteachers");
    expect(rowOf(reply.text, "head.csv6@kent.example")).toContain("You can invite only SENCOs and headteachers");
    expect(await db().selectFrom("invitations").select("email").where("email", "like", "head.csv%").orderBy("email").execute()).toEqual([
      { email: "head.csv1@oakfield.example" },
      { email: "head.csv2@oakfield.example" },
    ]);
  });

  it("refuses a file it cannot use, saying why, and sends nothing", async () => {
    const admin = await signedIn("admin@kent.example");
    const cases: [string | Buffer, string][] = [
      ["name,school\nAnn,990001", "The first row of the file must name its columns"],
      ["email,name,role,school urn\n", "The file has no rows of staff below its header row"],
      ['email,name,role\n"unclosed@x.example,Ann,senco', "The file could not be read as CSV"],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), "The file is not a CSV file"],
      ["", "The file is empty"],
      [`email,role\n${"a".repeat(MAX_CSV_BYTES)}`, "The file is too large"],
    ];
    for (const [content, message] of cases) {
      const { body, contentType } = multipart([
        { name: "csrf", value: await admin.csrfToken() },
        { name: "intent", value: "send" },
        { name: "file", filename: "staff.csv", type: "text/csv", bytes: Buffer.isBuffer(content) ? content : Buffer.from(content) },
      ]);
      const reply = await admin.request("POST", "/admin/invitations/upload", { body, headers: { "Content-Type": contentType, Origin: t.app.baseUrl } });
      expect(reply.status, message).toBe(400);
      expect(title(reply.text)).toMatch(/^Error: /);
      expect(mainText(reply.text)).toContain(message);
    }
    // A Windows spreadsheet's own encoding (not UTF-8) is read too.
    const latin1 = Buffer.from("email,name,role,school urn\nzoe.latin@oakfield.example,Zoë Brontë,SENCO,990001\n", "latin1");
    const { body, contentType } = multipart([
      { name: "csrf", value: await admin.csrfToken() },
      { name: "intent", value: "check" },
      { name: "file", filename: "staff.csv", type: "text/csv", bytes: latin1 },
    ]);
    const reply = await admin.request("POST", "/admin/invitations/upload", { body, headers: { "Content-Type": contentType, Origin: t.app.baseUrl } });
    expect(reply.status).toBe(200);
    expect(mainText(reply.text)).toContain("1 would be invited, 0 refused.");
  });
});

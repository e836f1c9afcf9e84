import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// The emails' one-time links in a real browser: staff invitations (ADR 59) and password reset (ADR 57). A link is
// made only as its email is sent, so no page or table shows one: this file runs a portal of its own with SMTP_URL
// pointing at a mail server listening here, and reads the link from the email as its recipient would. The admin
// invites a SENCO, who accepts and signs in; the admin invites from a CSV file (checked, then sent) and reads its
// report; a headteacher invites and the person accepts with JavaScript off; a SENCO who has forgotten their password
// resets it from the sign-in page, and their other sessions end.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const BASE = `http://localhost:${PORT}`;

const mailbox: { to: string[]; text: string }[] = [];
let smtp: SMTPServer;
let portal: ChildProcess;
let dataDir: string;

/** An email's text as sent: a base64 body decoded, quoted-printable soft breaks and escapes undone. */
function decoded(raw: string) {
  const base64 = /Content-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/i.exec(raw);
  if (base64) return Buffer.from(base64[1]!.replace(/\s+/g, ""), "base64").toString("utf8");
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The link to `page` (a path) in the newest email sent to `to` that has one, once it has arrived. */
async function emailedLink(to: string, page: "/invitation" | "/password-reset/new"): Promise<string> {
  const pattern = new RegExp(`http://localhost:\\d+(${page.replace(/\//g, "\\/")}\\?token=[a-z2-7]{32})`);
  let link: string | undefined;
  await expect
    .poll(() => {
      link = mailbox
        .filter((m) => m.to.includes(to))
        .map((m) => pattern.exec(m.text)?.[1])
        .filter(Boolean)
        .at(-1);
      return link;
    }, { timeout: 20_000 })
    .toBeTruthy();
  return `${BASE}${link}`;
}

const invitationLink = (to: string) => emailedLink(to, "/invitation");

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mailbox.push({ to: session.envelope.rcptTo.map((r) => r.address), text: decoded(Buffer.concat(chunks).toString("utf8")) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-invitations-"));
  portal = spawn(process.execPath, ["--import", "tsx", path.join(root, "server.ts")], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      NODE_ENV: "production",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PUBLIC_URL: BASE,
      SIGN_IN_MAX_PER_IP_PER_MINUTE: "10000",
      LOG_LEVEL: "warn",
    },
  });
  await expect
    .poll(async () => fetch(`http://127.0.0.1:${PORT}/health`).then((r) => r.status, () => 0), { timeout: 60_000, intervals: [250] })
    .toBe(200);
});

test.afterAll(async () => {
  if (portal && portal.exitCode === null) {
    const exited = new Promise((resolve) => portal.once("exit", resolve));
    portal.kill("SIGTERM");
    await exited;
  }
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test.use({ baseURL: BASE });

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1e4)}`;

/** Opens an invitation link in a browser of its own, accepts it and signs in with the new account. */
async function acceptAndSignIn(page: Page, link: string, name: string | null, password: string, javaScript: boolean) {
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
  if (javaScript) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  if (javaScript) await expectNoAxeViolations(page);
  if (name) await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account is ready" })).toBeVisible();
  if (javaScript) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Sign in" }).click();
}

test("the admin invites a SENCO by email; they accept, choose a password and sign in", async ({ page, browser }) => {
  const email = `invited.${unique()}@oakfield.example`;
  await signIn(page, "admin@kent.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invitations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Invite someone" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invite someone" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Send the invitation" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary.getByRole("link", { name: "Select a role" })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "SENCO" });
  await page.getByLabel("School URN (SENCO or headteacher)").fill("990001");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page).toHaveURL(/\/admin\/invitations\?done=invited$/);
  await expect(page.getByText("The invitation has been made.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("SENCO, Oakfield Primary School");
  await expectNoAxeViolations(page);

  const link = await invitationLink(email);
  const context = await browser.newContext();
  const person = await context.newPage();
  await acceptAndSignIn(person, link, "Nadia Invited", "a long and sensible passphrase", true);
  await signIn(person, email, "a long and sensible passphrase");
  await expect(person.getByRole("heading", { level: 1, name: "Welcome, Nadia Invited" })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Accepted");
  // The used link no longer works, and says so.
  const laterContext = await browser.newContext();
  const again = await laterContext.newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { level: 1, name: "This link no longer works" })).toBeVisible();
  await expectNoAxeViolations(again);
  await laterContext.close();
});

test("the admin invites from a CSV file: checked first, then sent, with a report row by row", async ({ page }) => {
  const id = unique();
  const file = Buffer.from(
    ["email,name,role,school urn", `csv.a.${id}@oakfield.example,Ava Csv,SENCO,990001`, "not-an-email,Bad,SENCO,990001", `csv.b.${id}@kent.example,Bo Csv,Caretaker,`].join("\n"),
  );
  await signIn(page, "admin@kent.example");
  await page.goto("/admin/invitations");
  await page.getByRole("link", { name: "Invite staff from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invite staff from a CSV file" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Check the file (nothing is sent)").check();
  await page.getByLabel("CSV file of staff").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: file });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "What sending would do" })).toBeVisible();
  await expect(page.getByText("1 would be invited, 2 refused. Nothing has been sent yet.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "not-an-email" })).toContainText("Not a valid email address");
  await expect(page.getByRole("row").filter({ hasText: `csv.b.${id}` })).toContainText("Unknown role “Caretaker”");
  await expectNoAxeViolations(page);

  await expect(page.getByLabel("Send the invitations")).toBeChecked();
  await page.getByLabel("CSV file of staff").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: file });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("1 person has been invited; 2 rows were refused.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: `csv.a.${id}` })).toContainText("Invited");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "See the invitations" }).click();
  await expect(page.getByRole("row").filter({ hasText: `csv.a.${id}` })).toContainText("Pending");
  expect(await invitationLink(`csv.a.${id}@oakfield.example`)).toContain("/invitation?token=");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a headteacher invites their school's SENCO, who accepts and signs in", async ({ page, browser }) => {
    const email = `nojs.${unique()}@oakfield.example`;
    await signIn(page, "head@oakfield.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff invitations" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Staff invitations" })).toBeVisible();
    await page.getByRole("link", { name: "Invite someone" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Invite a member of staff" })).toBeVisible();
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Full name (optional)").fill("Noor Script");
    await page.getByLabel("SENCO").check();
    await page.getByRole("button", { name: "Send the invitation" }).click();
    await expect(page).toHaveURL(/\/school\/invitations\?done=invited$/);
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("SENCO, Oakfield Primary School");

    const link = await invitationLink(email);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const person = await context.newPage();
    await acceptAndSignIn(person, link, null, "another long sensible passphrase", false);
    await signIn(person, email, "another long sensible passphrase");
    await expect(person.getByRole("heading", { level: 1, name: "Welcome, Noor Script" })).toBeVisible();
    await context.close();
  });
});

test("a SENCO who has forgotten their password resets it by email, and every other session of theirs ends", async ({ page, browser }) => {
  const email = "senco@riverside.example";
  const elsewhere = await (await browser.newContext()).newPage();
  await signIn(elsewhere, email);

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgotten your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectNoAxeViolations(page);

  const link = await emailedLink(email, "/password-reset/new");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("New password").fill("a brand new riverside passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expectNoAxeViolations(page);
  await signIn(page, email, "a brand new riverside passphrase");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome, / })).toBeVisible();

  // The session signed in before the reset has ended; the link, used once, works no more.
  await elsewhere.goto("/home");
  await expect(elsewhere).toHaveURL(/\/login/);
  await elsewhere.goto(link);
  await expect(elsewhere.getByRole("heading", { level: 1, name: "This link no longer works" })).toBeVisible();
  await expectNoAxeViolations(elsewhere);
  await elsewhere.context().close();
});

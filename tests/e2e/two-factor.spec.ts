import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, signOut } from "./helpers.ts";

// Two-factor sign-in (issue 12, ADR 58). The browser tests' server runs in production mode, where two-factor is
// required of council officers and administrators (the demo's accounts aside): a new officer made by the admin
// must set it up before anything else, then signs in with a code from the app (computed here from the key the
// page shows, as an app would) or a recovery code; the admin resets it for a lost phone. With and without JavaScript.

const PASSWORD = "kentish orchard blossom 47";

/** The code an authenticator app shows for the key, now or in the next 30 seconds. */
function codeFor(key: Uint8Array, offset = 0) {
  return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + offset), 6);
}

async function createOfficer(page: Page, name: string, email: string) {
  await page.goto("/admin/users/new");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Council officer" });
  await page.getByLabel("First password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?created=1$/);
}

async function submitPassword(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    const axe = (page: Page) => (javaScriptEnabled ? expectNoAxeViolations(page) : Promise.resolve());

    test("a new council officer sets up two-factor, signs in with a code and a recovery code, and the admin resets it", async ({ page, browser }) => {
      const unique = `${javaScriptEnabled ? "js" : "nojs"}-${Date.now()}`;
      const name = `Tess Factor ${unique}`;
      const email = `tess.${unique}@kent.example`;
      const admin = await (await browser.newContext({ javaScriptEnabled })).newPage();
      await signIn(admin, "admin@kent.example");
      await createOfficer(admin, name, email);

      // Signed in with the password, the officer can reach only the set-up page until it is on.
      await submitPassword(page, email);
      await expect(page).toHaveURL(/\/account\/two-factor$/);
      await expect(page.getByText("Set up two-factor authentication to carry on")).toBeVisible();
      await page.goto("/funding");
      await expect(page).toHaveURL(/\/account\/two-factor$/);
      await axe(page);

      await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
      const qr = page.getByRole("img", { name: /^QR code that adds the Kent SEND Inclusion Portal to an authenticator app/ });
      await expect(qr).toBeVisible();
      const keyText = (await page.locator("#two-factor-key").innerText()).replace(/\s+/g, "");
      expect(keyText).toMatch(/^[A-Z2-7]{32}$/);
      const key = decodeBase32IgnorePadding(keyText);
      await axe(page);

      // A wrong code: the error summary, and it stays off.
      await page.getByLabel("Code from your authenticator app").fill(codeFor(key, 7));
      await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
      const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
      await expect(summary).toContainText("The code is not right");
      await expect(page).toHaveTitle(/^Error: /);
      await axe(page);

      await page.getByLabel("Code from your authenticator app").fill(codeFor(key));
      await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Two-factor authentication is on" })).toBeVisible();
      const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allInnerTexts();
      expect(codes).toHaveLength(10);
      await axe(page);
      await page.getByRole("link", { name: /I have saved my recovery codes/ }).click();
      await expect(page).toHaveURL(/\/home$/);
      await expect(page.getByRole("heading", { level: 1, name: `Welcome, ${name}` })).toBeVisible();
      await signOut(page);

      // Signing in again: the password, then the code.
      await submitPassword(page, email);
      await expect(page).toHaveURL(/\/login\/two-factor$/);
      await expect(page.getByRole("heading", { level: 1, name: "Enter the code from your authenticator app" })).toBeVisible();
      await axe(page);
      // The next 30 seconds' code (the set-up's was this step's), kept to try it again below: computed afresh, a
      // slow run could cross into another step and get a different code, not the same one.
      const used = codeFor(key, 1);
      await page.getByLabel("Code", { exact: true }).fill(used);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/home$/);
      await signOut(page);

      // The same code again is refused; a recovery code works.
      await submitPassword(page, email);
      await page.getByLabel("Code", { exact: true }).fill(used);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("That code has already been used");
      await axe(page);
      await page.getByRole("link", { name: "use a recovery code" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Enter a recovery code" })).toBeVisible();
      await axe(page);
      await page.getByLabel("Recovery code").fill(codes[0]!);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/home$/);
      await page.goto("/account/two-factor");
      await expect(page.getByText("9 of 10")).toBeVisible();
      await expect(page.getByRole("button", { name: "Turn off two-factor authentication" })).toHaveCount(0);
      await axe(page);

      // A lost phone: the admin resets it, and the officer is signed out.
      await admin.goto("/admin/users");
      await admin.getByRole("row").filter({ hasText: email }).getByRole("link", { name }).click();
      await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
      await admin.getByRole("button", { name: "Reset two-factor authentication" }).click();
      await expect(admin.getByText("Their two-factor authentication has been reset")).toBeVisible();
      await axe(admin);
      await page.goto("/home");
      await expect(page).toHaveURL(/\/login/);
      await admin.context().close();
    });
  });
}

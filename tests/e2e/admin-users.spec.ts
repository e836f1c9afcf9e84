import { expect, test, type Browser } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

/** Tries to sign in as someone in a separate browser: their home page's heading, or the refusal shown. */
async function trySignIn(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const welcome = page.getByRole("heading", { level: 1, name: /^Welcome, / });
  const refusal = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(welcome.or(refusal)).toBeVisible();
  const result = (await welcome.isVisible())
    ? { signedIn: true, path: new URL(page.url()).pathname, text: await welcome.innerText() }
    : { signedIn: false, path: new URL(page.url()).pathname, text: await refusal.innerText() };
  await context.close();
  return result;
}

test("an administrator creates a user, finds them in the list and deactivates them", async ({ page, browser }) => {
  const unique = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const name = `Ruth Test ${unique}`;
  const email = `ruth.test.${unique}@oakfield.example`;
  const password = "kentish orchard blossom 47";

  await signIn(page, "admin@kent.example");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Create a user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create a user" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sent empty: every missing answer is listed at the top and shown by its field.
  await page.getByRole("button", { name: "Create user" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary.getByRole("link", { name: "Enter the person's full name" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Select a role" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Enter a first password for the account" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  // A SENCO without a school: the form keeps what was typed and asks for the URN.
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "SENCO" });
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(summary.getByRole("link", { name: "Enter the school's 6-digit URN" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue(name);
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByLabel("Role")).toHaveValue("senco");
  await expectNoAxeViolations(page);

  // Complete and valid.
  await page.getByLabel("School URN (SENCO or headteacher)").fill("990001");
  await page.getByLabel("First password").fill(password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?created=1$/);
  await expect(page.getByText("The user has been created. They can sign in now.")).toBeVisible();
  await expect(page).not.toHaveTitle(/^Error/);

  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("SENCO");
  await expect(row).toContainText("Oakfield Primary School");
  await expect(row).toContainText("Active");
  await expectNoAxeViolations(page);

  // The new person can sign in.
  const first = await trySignIn(browser, email, password);
  expect(first).toEqual({ signedIn: true, path: "/home", text: `Welcome, ${name}` });

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${name} - `));
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByText("The user has been deactivated.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reactivate user" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Deactivated/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // Deactivated: signing in is refused with the usual message, which does not reveal why.
  const second = await trySignIn(browser, email, password);
  expect(second.signedIn).toBe(false);
  expect(second.path).toBe("/login");
  expect(second.text).toContain("Enter a correct email address and password");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Deactivated");
});

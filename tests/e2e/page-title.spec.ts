import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers.ts";

// "Error: " in the title with JavaScript on (ADR 25): a form refused by fetch gains it, the page that follows
// loses it, and a page the server drew with errors keeps it through hydration, said once. JavaScript off is
// covered where each form is tested (the server draws the title).

/**
 * Script errors and console errors (React reports a hydration mismatch there), to check none happened. The
 * browser's own line for a 400 answer (a refused form) is not a problem.
 */
function scriptProblems(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`${page.url()}: ${message.text()}`);
  });
  return problems;
}

/**
 * Waits until the page's scripts have run (hydrated); the promise it gives is of the next data request to
 * `pathname` (Remix's single fetch: `<path>.data`), which proves a form went by fetch, not as a new document.
 */
async function nextDataRequest(page: Page, pathname: string, method: "GET" | "POST") {
  await page.waitForLoadState("networkidle");
  return { response: page.waitForResponse((r) => new URL(r.url()).pathname === `${pathname}.data` && r.request().method() === method) };
}

test("a sign-in refused with JavaScript gains 'Error: ' in the title, and the home page after the right password has none", async ({ page }) => {
  const problems = scriptProblems(page);
  await page.goto("/login");
  await expect(page).toHaveTitle("Sign in - Kent SEND Inclusion Portal");
  const refused = await nextDataRequest(page, "/login", "POST");
  await page.getByLabel("Email address", { exact: true }).fill("senco@oakfield.example");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await refused.response).status()).toBe(400);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter a correct email address and password");
  await expect(page).toHaveTitle("Error: Sign in - Kent SEND Inclusion Portal");

  await page.getByLabel("Password", { exact: true }).fill("portal-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page).toHaveTitle("Home - Kent SEND Inclusion Portal");
  expect(problems).toEqual([]);
});

test("a page drawn with errors keeps one 'Error: ' through hydration, and loses it once the filter is put right", async ({ page }) => {
  await signIn(page, "admin@kent.example");
  const problems = scriptProblems(page);
  await page.goto("/admin/audit?from.day=31&from.month=2&from.year=2026");
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The date from must be a real date");
  await expect(page).toHaveTitle("Error: Audit log - Kent SEND Inclusion Portal");

  // Put right and sent by Remix's GET form (a navigation in the page, not a new document).
  const filtered = await nextDataRequest(page, "/admin/audit", "GET");
  const from = page.getByRole("group", { name: "From", exact: true });
  await from.getByLabel("Day").fill("28");
  await page.getByRole("search", { name: "Audit log" }).getByRole("button").first().click();
  await filtered.response;
  await expect(page).toHaveURL(/from.day=28/);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toHaveCount(0);
  await expect(page).toHaveTitle("Audit log - Kent SEND Inclusion Portal");
  expect(problems).toEqual([]);
});

test("a refused sign-in the server drew (sent as a new document) hydrates with its 'Error: ', then loses it when put right", async ({ page }) => {
  const problems = scriptProblems(page);
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email address", { exact: true }).fill("senco@oakfield.example");
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  // form.submit() sends it as the browser would without JavaScript: no submit event for Remix to take over.
  await Promise.all([page.waitForEvent("load"), page.locator("main form").evaluate((form: HTMLFormElement) => form.submit())]);
  await expect(page).toHaveTitle("Error: Sign in - Kent SEND Inclusion Portal");
  const signedIn = await nextDataRequest(page, "/login", "POST");
  await expect(page).toHaveTitle("Error: Sign in - Kent SEND Inclusion Portal");
  await page.getByLabel("Password", { exact: true }).fill("portal-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await signedIn.response;
  await expect(page).toHaveURL(/\/home$/);
  await expect(page).toHaveTitle("Home - Kent SEND Inclusion Portal");
  expect(problems).toEqual([]);
});

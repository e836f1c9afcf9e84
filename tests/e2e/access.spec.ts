import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

test("a Riverside SENCO sees their own school but gets 'Page not found' for Oakfield's", async ({ page }) => {
  await signIn(page, "senco@riverside.example");

  // Their own school (Riverside Academy, URN 990002) opens.
  const own = await page.goto("/schools/990002");
  expect(own?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Riverside Academy" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Another school's page (Oakfield Primary School, URN 990001) answers as if it did not exist.
  const other = await page.goto("/schools/990001");
  expect(other?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Oakfield")).toHaveCount(0);
  await expectNoAxeViolations(page);

  // A URN that exists nowhere looks the same.
  const missing = await page.goto("/schools/999999");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("signed out, a signed-in page sends you to sign in and back again afterwards", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await page.getByLabel("Email address").fill("head@oakfield.example");
  await page.getByLabel("Password").fill("portal-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();

  // The browser holds the session as a __Host- cookie that script cannot read (kept by Chromium on localhost).
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("kent_session"));
  expect(session).toMatchObject({ name: "__Host-kent_session", httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("kent_session");
});

import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Every role's home page is a to-do list first (issue 14), the action one click away.

test("the headteacher's home page lists what waits for sign-off first, and one click opens it", async ({ page }) => {
  await signIn(page, "head@oakfield.example");
  const todo = page.getByRole("region", { name: "Waiting for you" });
  await expect(todo.getByRole("heading", { level: 3, name: /^To sign off \(\d+\)$/ })).toBeVisible();
  // The to-do list comes before the school's facts.
  const headings = await page.getByRole("main").getByRole("heading", { level: 2 }).allTextContents();
  expect(headings.indexOf("Waiting for you")).toBe(0);
  expect(headings.indexOf("Your school")).toBeGreaterThan(0);
  await expectNoAxeViolations(page);

  const action = todo.getByRole("link", { name: /^Review and sign off [A-Z]+-\d{4}-\d{5}$/ }).first();
  const reference = (await action.textContent())!.replace("Review and sign off ", "");
  await action.click();
  // One click opens the declaration page (issue 8), the request's summary above it.
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/sign-off$`));
  await expect(page.getByRole("button", { name: "Sign off and send to the council" })).toBeVisible();
});

test.describe("at 320px wide, without JavaScript", () => {
  test.use({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });

  test("every role's home page shows its to-do list without scrolling sideways", async ({ page }) => {
    for (const email of ["officer@kent.example", "senco@oakfield.example", "champion@kent.example"]) {
      await page.goto("/login");
      await page.getByLabel("Email address", { exact: true }).fill(email);
      await page.getByLabel("Password", { exact: true }).fill("portal-demo-2026");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/home$/);
      await expect(page.getByRole("heading", { level: 2, name: "Waiting for you" })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), email).toBeLessThanOrEqual(320);
      await page.getByRole("button", { name: "Sign out" }).click();
    }
  });
});

test("the officer's to-do list links straight to the decision page, at 390px too", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, "officer@kent.example");
  const first = page.getByRole("region", { name: "Waiting for you" }).getByRole("link", { name: /^Decide / }).first();
  await expect(first).toBeVisible();
  await expectNoAxeViolations(page);
  await first.click();
  await expect(page).toHaveURL(/\/funding\/[A-Z]+-\d{4}-\d{5}\/decide$/);
});

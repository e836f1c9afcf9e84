import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Issue 11's champion visit pages not on the journey, on a 390 px phone: each side's home page with the seeded
// overdue action (db/seed/champion-visits.ts), the school's list of reports with it highlighted, an action's page
// with the champion's carry-forward and close forms and a refused date, and the champion's draft. Axe on each.

test.use({ viewport: { width: 390, height: 844 } });

async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoAxeViolations(page);
}

const OVERDUE = "Set review dates for every pupil on SEN support this term";

test("the school sees its overdue action at home and on its visits page", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  await expect(page.getByRole("heading", { name: /^Agreed actions overdue from champion visits/ })).toBeVisible();
  await expect(page.getByText(OVERDUE)).toBeVisible();
  await expectFits(page);
  await page.goto("/visits");
  await expect(page.getByRole("heading", { name: /^Overdue actions \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: OVERDUE })).toBeVisible();
  await expectFits(page);
  // The seeded draft (Medway Valley) is the champion's alone; Oakfield's published reports are listed.
  await expect(page.getByRole("table", { name: "Visit reports" }).getByText("Draft", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Visit reports" }).getByRole("row")).not.toHaveCount(1);
});

test("the champion follows up an overdue action: carry-forward and close forms, and a date refused", async ({ page }) => {
  await signIn(page, "champion@kent.example");
  await expect(page.getByRole("heading", { name: /^Agreed actions overdue at your schools/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Visit reports to finish and publish/ })).toBeVisible();
  await expectFits(page);
  await page.getByRole("link", { name: "Follow up this action" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: OVERDUE })).toBeVisible();
  await expect(page.getByText("Overdue", { exact: true })).toBeVisible();
  await expectFits(page);
  await page.getByRole("button", { name: "Carry forward" }).click();
  await expect(page.getByText("Enter the new due date").first()).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectFits(page);
});

test("the champion's draft and the log-a-visit page fit a phone", async ({ page }) => {
  await signIn(page, "champion@kent.example");
  await page.getByRole("link", { name: /^Continue the report for Medway Valley Academy/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your visit report" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Action 1" }).getByLabel("What is to be done")).toHaveValue("Share the transition passport template");
  await expectFits(page);
  await page.goto("/visits/new");
  await page.getByRole("button", { name: "Start the report" }).click();
  await expect(page.getByText("Select the school you visited").first()).toBeVisible();
  await expectFits(page);
});

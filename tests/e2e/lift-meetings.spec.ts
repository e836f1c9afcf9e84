import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn } from "./helpers.ts";

// LIFT meetings and outcomes (issue 10, ADR 43): a council officer adds a term's meetings, seeing the dates and
// their papers-due days before they are made (without JavaScript); the district's specialist teacher opens the
// agenda of the meeting just held and records LIFT's outcome, allocating specialist involvement. axe on each page.

/** A London date `days` from today (ISO). */
function londonDay(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const at = new Date(`${today}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

test.describe("an officer adds a term's meetings, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("checks the dates, then adds them all", async ({ page }) => {
    await signIn(page, "officer@kent.example");
    await page.goto("/lift");
    await page.getByRole("link", { name: "Add a term's meetings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a term's meetings" })).toBeVisible();
    await expectNoAxeViolations(page);
    // Sent with nothing filled in: every problem at once.
    await page.getByLabel("How many meetings").fill("");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByRole("alert").getByRole("link", { name: "Select the LIFT group the meetings are for" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel("LIFT group").selectOption({ label: "Dover LIFT (Dover)" });
    await fillDate(page, "Date of the first meeting", londonDay(70));
    await page.getByLabel("How many meetings").fill("3");
    await page.getByLabel("Every how many weeks").fill("3");
    await page.getByLabel("Venue (if it meets in person)").fill("Dover STLS base");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check the meetings before adding them" })).toBeVisible();
    await expect(page.getByRole("table", { name: "3 meetings" }).getByRole("row")).toHaveCount(4);
    await expect(page.getByRole("table", { name: "3 meetings" })).toContainText("Papers due");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Add these meetings" }).click();
    await expect(page.getByText("The term's meetings have been added.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("LIFT meeting");
    await page.goto("/lift");
    await expect(page.getByRole("table", { name: /Coming meetings/ }).getByRole("row").filter({ hasText: "Dover LIFT" }).filter({ hasText: "Dover STLS base" })).toHaveCount(3);
  });
});

test("a specialist teacher records LIFT's outcome on the agenda, allocating involvement", async ({ page }) => {
  await signIn(page, "stls@kent.example");
  await page.goto("/lift");
  await expectNoAxeViolations(page);
  await page.getByRole("table", { name: /Meetings held/ }).getByRole("row").filter({ hasText: "Maidstone North LIFT" }).first().getByRole("link").click();
  await expect(page.getByRole("table", { name: /Agenda/ })).toContainText("Noah Bennett, 5");
  await expectNoAxeViolations(page);
  const meetingUrl = page.url();
  await page.getByRole("link", { name: /^Record outcome for LIFT-/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record LIFT's outcome" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Specialist involvement", { exact: true }).check();
  await page.getByLabel("LIFT's advice").fill("Specialist teacher to observe at lunchtime and plan a zones of regulation approach with the class teacher.");
  await page.getByLabel("Specialist teacher", { exact: true }).selectOption({ label: "Tom Harding" });
  await page.getByLabel("Number of visits").fill("3");
  await page.getByRole("button", { name: "Record outcome" }).click();
  await expect(page).toHaveURL(`${meetingUrl}?done=outcome`);
  await expect(page.getByText("The outcome has been recorded and the school told.")).toBeVisible();
  await expect(page.getByRole("table", { name: /Agenda/ }).getByRole("row").filter({ hasText: "Noah Bennett" })).toContainText("Specialist involvement");
  await page.getByRole("link", { name: "Printable agenda" }).click();
  await expect(page.getByText(/Specialist involvement: Specialist teacher to observe at lunchtime/)).toBeVisible();
  await expectNoAxeViolations(page);
});

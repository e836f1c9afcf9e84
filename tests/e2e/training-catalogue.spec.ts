import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut, submitSignIn } from "./helpers.ts";

// The training catalogue (issue 9): an officer adds and publishes an event, a SENCO finds it with a filter;
// axe on each page; the schools' list once with JavaScript disabled. Kept short: CI runs it on 2 cores.

/** A London date `days` from today, as an ISO date. */
function isoIn(days: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + days * 86_400_000));
}

async function heading(page: Page, name: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

// In order, each with its own time: the SENCO looks for the event the officer published.
test.describe.serial("an event from draft to a school's list", () => {
  test("an officer adds and publishes an event", async ({ page }) => {
    await signIn(page, "officer@kent.example");
    await page.goto("/council/training");
    await heading(page, "Training catalogue");
    await expectNoAxeViolations(page);

    await page.getByRole("main").getByRole("link", { name: "Add an event" }).click();
    await heading(page, "Add an event");
    // Sent empty first: the error summary and each field's message.
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page).toHaveTitle(/^Error: Add an event/);
    await expect(page.getByRole("alert").getByRole("link", { name: "Select the course" })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByLabel("Course", { exact: true }).selectOption({ label: "Autism Education Trust: Making Sense of Autism" });
    await fillDate(page, "Date", isoIn(50));
    await page.getByLabel("Start time").fill("9:30");
    await page.getByLabel("End time").fill("12:30");
    await page.getByLabel("Venue (if it is held in person)").fill("Sevenoaks Library");
    await page.getByLabel("District the venue is in").selectOption({ label: "Sevenoaks" });
    await page.getByLabel("Number of places").fill("10");
    await fillDate(page, "Booking closes on", isoIn(45));
    await fillDate(page, "Schools can cancel until", isoIn(45));
    await page.getByLabel("Cost a person, in pounds").fill("25");
    await page.getByLabel("CPD hours").fill("3");
    await page.getByLabel("Presenter's name").fill("Robin Sevenoaks");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByText("The event has been saved as a draft.")).toBeVisible();
    await page.getByRole("button", { name: "Publish event" }).click();
    await expect(page.getByText("The event has been published")).toBeVisible();
    await expectNoAxeViolations(page);
    await signOut(page);
});

test("a SENCO finds it by district", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  await page.goto("/training");
  await heading(page, "Training");
  const filter = page.getByRole("search", { name: "Training events" });
  await filter.getByLabel("District").selectOption({ label: "Sevenoaks" });
  await filter.getByRole("button", { name: "Filter events" }).click();
  await expect(page).toHaveURL(/district=\d+/);
  const row = page.getByRole("row").filter({ hasText: "Sevenoaks Library" });
  await expect(row).toContainText("10 places left");
  await expect(row).toContainText("£25.00");
  await expectNoAxeViolations(page);
  await row.getByRole("link", { name: "Making Sense of Autism" }).click();
  await heading(page, "Making Sense of Autism");
  await expect(page.getByRole("link", { name: "Book places" })).toBeVisible();
  await expectNoAxeViolations(page);
});
});

test("an officer's course page, and the confirm step of cancelling an event", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/training");
  await page.getByRole("main").getByRole("link", { name: "Making Sense of Autism" }).first().click();
  await heading(page, "Making Sense of Autism");
  await expectNoAxeViolations(page);
  await page.goto("/council/training?show=draft");
  await page.getByRole("main").getByRole("link", { name: "Running a nurture group" }).first().click();
  await page.getByRole("link", { name: "Cancel this event" }).click();
  await expect(page.getByRole("heading", { name: "Cancel this event?" })).toBeVisible();
  await expect(page.getByText("Nobody is booked on it.")).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the schools' list filters by area of need and free places", async ({ page }) => {
    await submitSignIn(page, "senco@oakfield.example");
    await expect(page).toHaveURL(/\/home$/);
    await page.goto("/training");
    const filter = page.getByRole("search", { name: "Training events" });
    await filter.getByLabel("Area of need").selectOption({ label: "Cognition and learning" });
    await filter.getByLabel("Only events with free places").check();
    await filter.getByRole("button", { name: "Filter events" }).click();
    await expect(page).toHaveURL(/needArea=Cognition\+and\+learning.*free=yes/);
    await expect(page.getByRole("main")).toContainText("Supporting pupils with severe dyslexia");
    await expect(page.getByRole("main")).not.toContainText("Boxall Profile");
  });
});

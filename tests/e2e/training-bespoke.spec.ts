import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Issue 9, bespoke training: Oakfield's SENCO asks for whole-school training (refused once for a missing answer,
// with what was typed kept), then the officer accepts it through the check page with a new course, and the school
// sees the event arranged. Once with JavaScript (axe on the refused form, the request's page, the decision form and
// its check page) and once without.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    const axe = async (page: Parameters<typeof expectNoAxeViolations>[0]) => {
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    };

    test("a SENCO asks for bespoke training and the officer accepts it with a date", async ({ page }) => {
      // Two people and eight pages, with axe on five of them: more than one ordinary test's time on two shared cores.
      test.slow();
      const topic = `Autism awareness for all staff (${javaScriptEnabled ? "with" : "without"} JavaScript)`;
      await signIn(page, "senco@oakfield.example");
      await page.goto("/training/bespoke");
      await expect(page.getByRole("heading", { level: 1, name: "Bespoke training" })).toBeVisible();
      await page.getByRole("link", { name: "Ask for bespoke training" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Ask for bespoke training" })).toBeVisible();
      await page.getByLabel("Topic").fill(topic);
      await page.getByLabel("Communication and interaction").check();
      await fillDate(page, "Earliest date", day(20));
      await fillDate(page, "Latest date", day(60));
      await page.getByLabel("Number of staff taking part").fill("28");
      await page.getByRole("button", { name: "Send the request" }).click();
      // The one answer missing is asked for; the rest is kept.
      await expect(page.getByRole("link", { name: "Say what you want the training to achieve" })).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByLabel("Topic")).toHaveValue(topic);
      await axe(page);
      await page.getByLabel("What do you want the training to achieve?").fill("Every adult uses visual timetables and now-and-next boards.");
      await page.getByRole("button", { name: "Send the request" }).click();
      await expect(page.getByRole("heading", { name: "Request sent to the council" })).toBeVisible();
      const reference = (await page.locator("strong").filter({ hasText: /^TRN-\d{4}-\d{5}$/ }).textContent())!.trim();
      await expect(page.getByRole("main")).toContainText("Waiting for the council");
      await axe(page);
      await signOut(page);

      await signIn(page, "officer@kent.example");
      await page.goto("/training/bespoke?status=submitted");
      await page.getByRole("link", { name: reference }).click();
      await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
      await page.getByRole("link", { name: "Accept or decline the request" }).click();
      await axe(page);
      await page.getByRole("radio", { name: /^Accept/ }).check();
      await fillDate(page, "Date of the training", day(30));
      await page.getByLabel("Start time").fill("09:00");
      await page.getByLabel("End time").fill("12:30");
      await page.getByLabel("Venue").fill("Oakfield Primary School hall");
      await page.getByLabel("Or the title of a new course").fill(topic);
      await page.getByLabel("Run by").fill("Alex Trainer");
      await page.getByRole("button", { name: "Continue to check the decision" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Check your decision before recording it" })).toBeVisible();
      await expect(page.getByRole("main")).toContainText("9:00 am to 12:30 pm");
      await axe(page);
      await page.getByRole("button", { name: "Confirm and record the decision" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText(`${reference} has been accepted`);
      await expect(page.getByRole("main")).toContainText("The training arranged");
      await signOut(page);

      await signIn(page, "senco@oakfield.example");
      await page.goto(`/training/bespoke/${reference}`);
      await expect(page.getByRole("main")).toContainText("Accepted");
      await expect(page.getByRole("main")).toContainText("Oakfield Primary School hall");
    });
  });
}

import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Attendance in a real browser, on the demo's STLS course that ran two days ago (db/seed/training-attendance.ts):
// the officer marks one person as attended, opens their certificate, and that person sends their evaluation through
// the link in their email (read from the admin's outbox). Once with JavaScript (axe on every page) and once without;
// each run marks a different person, so the two can run side by side.

const COURSE = "Supporting pupils with severe dyslexia";

/** The demo course's attendee list. The catalogue's pages link to it; here it is found by its address. */
async function openAttendees(page: Page): Promise<string> {
  // Asked with the page's cookies but not drawn: only the one found is opened in the browser.
  for (let id = 1; id <= 60; id++) {
    const response = await page.request.get(`/training/events/${id}/attendees`);
    // The catalogue has other events of the same course: the demo's is the one with Jess Hale on its waiting list.
    const body = response.status() === 200 ? await response.text() : "";
    if (new RegExp(`<h1[^>]*>${COURSE}</h1>`).test(body) && body.includes("Jess Hale")) {
      await page.goto(`/training/events/${id}/attendees`);
      return page.url();
    }
  }
  throw new Error("The demo's attendance course was not found");
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    const person = javaScriptEnabled ? { name: "Ravi Patel", email: "ravi.patel@oakfield.example" } : { name: "Ellie Morgan", email: "ellie.morgan@oakfield.example" };

    // Four people and three pages each; axe on every page on two shared cores.
    test.describe.configure({ timeout: 120_000 });

    test(`the officer marks ${person.name} as attended, opens the certificate, and ${person.name} evaluates the course`, async ({ page, browser }) => {
      const axe = async (on: Page = page) => {
        if (javaScriptEnabled) await expectNoAxeViolations(on);
      };
      await signIn(page, "officer@kent.example");
      const attendees = await openAttendees(page);
      await expect(page.getByRole("table", { name: "Waiting list" })).toContainText("Jess Hale");
      await axe();

      await page.getByRole("group", { name: `Attendance of ${person.name}` }).getByLabel("Attended", { exact: true }).check();
      await page.getByRole("button", { name: "Save the register" }).click();
      await expect(page).toHaveURL(/\?saved=1&asked=1$/);
      await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText("1 person who attended has been sent a link to evaluate the course.");
      await expect(page.getByRole("group", { name: `Attendance of ${person.name}` }).getByLabel("Attended", { exact: true })).toBeChecked();
      await axe();

      await page.getByRole("link", { name: `Certificate of ${person.name}` }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Certificate of attendance" })).toBeVisible();
      await expect(page.getByRole("main")).toContainText(`This is to certify that ${person.name}`);
      await expect(page.getByRole("main")).toContainText("3 hours");
      await axe();
      await page.goto(attendees);

      // The email, as the admin's outbox shows it (no mail server in the tests).
      const adminContext = await browser.newContext({ javaScriptEnabled });
      const admin = await adminContext.newPage();
      await signIn(admin, "admin@kent.example");
      await admin.goto("/admin/outbox");
      const row = admin.getByRole("row").filter({ hasText: person.email }).filter({ hasText: `How useful was ${COURSE}?` });
      const link = /Link: (\/training\/evaluation\/[a-z2-7]{32})/.exec((await row.textContent()) ?? "")?.[1];
      expect(link).toBeTruthy();
      await adminContext.close();

      // The attendee, with no account.
      const attendeeContext = await browser.newContext({ javaScriptEnabled });
      const attendee = await attendeeContext.newPage();
      await attendee.goto(link!);
      await expect(attendee.getByRole("heading", { level: 1, name: "Tell us how useful the course was" })).toBeVisible();
      await axe(attendee);
      await attendee.getByRole("button", { name: "Send the evaluation" }).click();
      await expect(attendee).toHaveTitle(/^Error: /);
      await expect(attendee.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Select how useful the course was");
      await axe(attendee);
      await attendee.getByLabel("4", { exact: true }).check();
      await attendee.getByLabel("What will you change in your practice because of it? (optional)").fill("Coloured overlays and more time to read");
      await attendee.getByRole("button", { name: "Send the evaluation" }).click();
      await expect(attendee.getByRole("heading", { level: 1, name: "Evaluation received" })).toBeVisible();
      await axe(attendee);
      await attendeeContext.close();

      await page.goto(attendees.replace(/attendees$/, "evaluations"));
      await expect(page.getByRole("heading", { level: 1 })).toContainText(COURSE);
      await expect(page.getByRole("main")).toContainText("Coloured overlays and more time to read");
      await axe();
    });
  });
}

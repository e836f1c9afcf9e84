import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Issue 10, specialist visits in a real browser: Tom Harding publishes visit slots, Oakfield's SENCO books one of
// them for a pupil LIFT allocated him, Tom writes the note of a visit that has taken place (the demo's: a booked
// slot is always to come, so the visit written up is one the seed booked in the past), and the school reads it.
// Once with JavaScript (axe on every page) and once without; one after the other, as both write Tom's notes.

test.describe.configure({ mode: "serial" });

const DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
const isoIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the teacher publishes slots, the SENCO books one, the teacher writes a note and the school reads it", async ({ page }) => {
      test.setTimeout(180_000);
      const axe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const pupil = javaScriptEnabled ? "Freya Holt" : "Harry Reid";
      const iso = isoIn(javaScriptEnabled ? 45 : 46);
      const day = DATE.format(new Date(`${iso}T00:00:00Z`));

      await signIn(page, "stls@kent.example");
      await page.goto("/stls");
      await expect(page.getByRole("heading", { level: 1, name: "Your caseload and visits" })).toBeVisible();
      await axe();
      await page.getByRole("link", { name: "Publish slots" }).click();
      await axe();
      // A refused form keeps what was typed and says what to do.
      await page.getByLabel("Visits for allocated involvement").check();
      await fillDate(page, "Date", iso);
      await page.getByLabel("Start time").fill("2pm");
      await page.getByLabel("End time").fill("1pm");
      await page.getByLabel("Place", { exact: true }).fill("At the school");
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByRole("link", { name: "The end time must be after the start time" })).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByLabel("Start time")).toHaveValue("2pm");
      await axe();
      await page.getByLabel("Start time").fill("9:15");
      await page.getByLabel("End time").fill("10:15");
      await page.getByLabel("Weeks in a row").fill("2");
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText("Your 2 slots have been published.")).toBeVisible();
      await signOut(page);

      await signIn(page, "senco@oakfield.example");
      await page.goto("/stls");
      await axe();
      await page.getByRole("link", { name: `Book a visit for ${pupil}` }).click();
      await expect(page.getByRole("heading", { level: 1, name: pupil })).toBeVisible();
      await axe();
      await page.getByLabel(new RegExp(`^${day}, 9:15`)).check();
      await page.getByRole("button", { name: "Book this visit" }).click();
      await expect(page.getByText("Booked. The specialist teacher has been told.")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(day);
      await axe();
      await signOut(page);

      await signIn(page, "stls@kent.example");
      await page.goto("/stls");
      const notes = page.getByRole("table", { name: "Notes still to write" });
      const row = notes.getByRole("row").filter({ hasText: "Oakfield Primary School" }).first();
      await row.getByRole("link").first().click();
      await expect(page.getByRole("heading", { name: "Specialist teacher's note" })).toBeVisible();
      await axe();
      const note = `Observed in class and modelled precision teaching (${javaScriptEnabled ? "with" : "without"} JavaScript). Review in four weeks.`;
      await page.getByLabel("Your note for the school").fill(note);
      await page.getByRole("button", { name: "Save the note" }).click();
      await expect(page.getByText("Your note has been saved")).toBeVisible();
      const visitUrl = page.url().replace(/\?.*$/, "");
      await signOut(page);

      await signIn(page, "senco@oakfield.example");
      await page.goto(visitUrl);
      await expect(page.getByText(note)).toBeVisible();
      await axe();
      await page.goto("/stls");
      await expect(page.getByRole("table", { name: "Past visits" })).toContainText(note);
      await expect(page.getByRole("table", { name: "Visits to come" })).toContainText(day);
    });
  });
}


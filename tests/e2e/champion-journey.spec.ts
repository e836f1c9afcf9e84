import { expect, type Page, test } from "@playwright/test";
import { londonDateAndTime } from "../../app/domain/london-time.ts";
import { expectNoAxeViolations, signIn, signOut } from "./helpers.ts";

// Issue 11's champion journey on a phone (390 px wide: champions log visits from a car park), in a real browser:
// Grace Adeyemi logs a visit to Oakfield, drafts the report with two agreed actions (adding the second without
// leaving the page's form), saves it as a draft and publishes it; Oakfield's headteacher is told, reads the report
// and marks the school's action done; the champion sees it done. Once with JavaScript (axe on every page reached)
// and once without. No page scrolls sideways.

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 390, height: 844 }, actionTimeout: 20_000 });

const londonToday = () => londonDateAndTime(new Date()).date;
const isoIn = (days: number) => {
  const [y, m, d] = londonToday().split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

async function fillDateIn(scope: ReturnType<Page["getByRole"]>, legend: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const group = scope.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

/** The page fits a 390 px phone: nothing scrolls sideways but a table's own region. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(390);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a champion logs and publishes a visit, and the headteacher completes the school's action", async ({ page }) => {
      test.setTimeout(240_000);
      const check = async () => {
        await expectNoSidewaysScroll(page);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const what = javaScriptEnabled ? "Add a quiet corner to each Key Stage 1 classroom" : "Run a staff meeting on adaptive teaching";
      const visitedOn = isoIn(javaScriptEnabled ? -2 : -1);

      await signIn(page, "champion@kent.example");
      await page.getByRole("link", { name: "Visits", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your school visits" })).toBeVisible();
      await check();
      await page.getByRole("link", { name: "Log a visit to Oakfield Primary School" }).click();
      await expect(page.getByRole("radio", { name: "Oakfield Primary School" })).toBeChecked();
      await check();
      await page.getByRole("button", { name: "Start the report" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Your visit report" })).toBeVisible();
      await check();

      const main = page.getByRole("main");
      await fillDateIn(main, "Date of the visit", visitedOn);
      await page.getByRole("radio", { name: "In person" }).check();
      await page.getByRole("checkbox", { name: "Inclusive classroom practice" }).check();
      await page.getByRole("checkbox", { name: "Mainstream Core Standards" }).check();
      await page.getByLabel("What you saw").fill("Lessons in Years 1 and 2: visual timetables in every room, and a calm start to the day.");
      await page.getByLabel("Strengths").fill("Consistent routines; staff adapt tasks well.");
      const first = page.getByRole("group", { name: "Action 1" });
      await first.getByLabel("What is to be done").fill(what);
      await first.getByRole("radio", { name: "The school" }).check();
      // A due date before the visit is refused, and what was typed stays.
      await fillDateIn(first, "Due date", isoIn(-30));
      await page.getByRole("button", { name: "Save and add another action" }).click();
      await expect(page.getByText("The due date must be on or after the date of the visit").first()).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(first.getByLabel("What is to be done")).toHaveValue(what);
      await check();
      await fillDateIn(first, "Due date", isoIn(28));
      await page.getByRole("button", { name: "Save and add another action" }).click();
      const second = page.getByRole("group", { name: "Action 2" });
      await expect(second).toBeVisible();
      await check();
      await second.getByLabel("What is to be done").fill("Send the Mainstream Core Standards self-review tool");
      await second.getByRole("radio", { name: "The Inclusion Champion" }).check();
      await fillDateIn(second, "Due date", isoIn(7));
      await page.getByRole("button", { name: "Save as draft" }).click();
      await expect(page.getByText("Your draft has been saved. Only you can see it until you publish it.")).toBeVisible();
      await expect(page.getByRole("cell", { name: what })).toBeVisible();
      await check();
      await page.getByRole("button", { name: "Publish to the school" }).click();
      await expect(page.getByText("The report has been published, and the school's SENCO and headteacher have been told.")).toBeVisible();
      await check();
      const reportUrl = new URL(page.url()).pathname;
      await signOut(page);

      await signIn(page, "head@oakfield.example");
      await page.getByRole("link", { name: /^Notifications, \d+ unread$/ }).click();
      await expect(page.getByText("Grace Adeyemi has published the report of the visit to Oakfield Primary School").first()).toBeVisible();
      await page.getByRole("link", { name: "Champion visits" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Inclusion Champion visits" })).toBeVisible();
      await check();
      await page.goto(reportUrl);
      await expect(page.getByText("Lessons in Years 1 and 2")).toBeVisible();
      await check();
      await page.getByRole("link", { name: what }).click();
      await expect(page.getByRole("heading", { level: 1, name: what })).toBeVisible();
      await check();
      await page.getByLabel("What the school has done").fill("A quiet corner with ear defenders and a visual timer in each room.");
      await page.getByRole("button", { name: "Mark as done" }).click();
      await expect(page.getByText("The action has been marked done, and the Inclusion Champion has been told.")).toBeVisible();
      await expect(page.getByText("Marked done: Martin Cole")).toBeVisible();
      await check();
      await signOut(page);

      // The champion sees the action done on the report.
      await signIn(page, "champion@kent.example");
      await page.goto(reportUrl);
      const row = page.getByRole("row").filter({ hasText: what });
      await expect(row.getByText("Done", { exact: true })).toBeVisible();
      await check();
    });
  });
}

import { expect, type Page, test } from "@playwright/test";
import { dateInput, expectDate, expectNoAxeViolations, HNF_EVIDENCE, signIn, summaryValue } from "./helpers.ts";

// axe on the pupil register, funding, notification, outbox and settings pages that the navigation walk
// (roles.spec.ts) does not reach: records, forms, filtered lists, and each form's error state, in every role
// that may see them. Nothing here changes data another spec reads: forms are sent only when they will be refused.

/** Opens a page by following a link on the current one, and checks it with axe. */
async function follow(page: Page, name: string | RegExp, heading?: string | RegExp) {
  await page.getByRole("main").getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { level: 1, ...(heading ? { name: heading } : {}) })).toBeVisible();
  await expectNoAxeViolations(page);
}

/** A refused form: "Error:" before the title, the summary listing `messages` as links, axe. */
async function expectRefused(page: Page, title: string, messages: (string | RegExp)[]) {
  await expect(page).toHaveTitle(new RegExp(`^Error: ${title} - `));
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  for (const message of messages) await expect(summary.getByRole("link", { name: message })).toBeVisible();
  await expectNoAxeViolations(page);
}

// Each test keeps to a few pages and axe runs, so a loaded CI machine finishes it well inside the timeout.
test("SENCO: the pupil register searched and filtered, a record, and its change form refused", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  await page.goto("/pupils");
  await expect(page.getByRole("heading", { level: 1, name: "Pupil register" })).toBeVisible();

  // Search and filters, then a record from the results.
  const search = page.getByRole("search", { name: "Pupil register" });
  await search.getByLabel("SEN provision").selectOption({ label: "EHC plan (E)" });
  await search.getByLabel("Show").selectOption({ label: "All pupils" });
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/provision=E/);
  await expectNoAxeViolations(page);
  await search.getByLabel("Show").selectOption({ label: "Current pupils" });
  await search.getByLabel("SEN provision").selectOption({ label: "Any provision" });
  await search.getByLabel("Name or UPN").fill("Price");
  await search.getByRole("button", { name: "Search" }).click();
  await follow(page, "Price, Theo", "Theo Price");
  await expect(summaryValue(page, "UPN")).toHaveText(/None/);

  // The change form, refused with a blank last name: nothing saved, what was typed kept.
  await follow(page, "Change the pupil's record", "Change Theo Price's record");
  await page.getByLabel("Legal first name").fill("Theodore");
  await page.getByLabel("Legal last name").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expectRefused(page, "Change a pupil's record", [/last name/i]);
  await expect(page.getByLabel("Legal first name")).toHaveValue("Theodore");

});

test("SENCO: the add-a-pupil form, refused empty and then with a UPN that fails its check letter", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  await page.goto("/pupils/new");
  await expect(page.getByRole("heading", { level: 1, name: "Add a pupil" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Add pupil" }).click();
  await expectRefused(page, "Add a pupil", [/first name/i, /last name/i, /date of birth/i]);
  await page.getByLabel("Legal first name").fill("Ada");
  await page.getByLabel("Unique pupil number (UPN) (optional)").fill("B123456789012");
  await page.getByRole("button", { name: "Add pupil" }).click();
  await expectRefused(page, "Add a pupil", [/^Enter a valid UPN/]);
  await expect(page.getByLabel("Legal first name")).toHaveValue("Ada");
  await expect(page.getByLabel("Unique pupil number (UPN) (optional)")).toHaveValue("B123456789012");

});

test("SENCO: funding requests filtered by status, a request the council sent back, and its update form", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  await page.goto("/funding");
  const filters = page.getByRole("search", { name: "Funding requests" });
  await filters.getByLabel("Status").selectOption({ label: "More information needed" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=more_information_needed/);
  await expectNoAxeViolations(page);
  await follow(page, /^HNF-|^SIS-/);
  await expect(page.getByText("Status: More information needed", { exact: true })).toBeVisible();
  await follow(page, "Update the request and send it again", "Update the request");
});

test("headteacher: the read-only register, a record, the funding tracker for two years and its refused budget", async ({ page }) => {
  await signIn(page, "head@oakfield.example");
  await page.goto("/pupils");
  await expect(page.getByRole("link", { name: "Add a pupil" })).toHaveCount(0);
  await follow(page, "Hart, Amelia", "Amelia Hart");
  await expect(page.getByRole("link", { name: "Change the pupil's record" })).toHaveCount(0);

  await page.goto("/funding/tracker");
  await expect(page.getByRole("heading", { level: 1, name: /^Funding tracker / })).toBeVisible();
  const years = page.getByRole("navigation", { name: "Financial year" });
  await years.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/funding\/tracker\?year=\d{4}$/);
  await expect(years.locator('[aria-current="page"]')).toBeVisible();
  await expectNoAxeViolations(page);

  const budget = page.getByLabel(/^Notional SEN budget for .*, in pounds$/);
  await budget.fill("a lot");
  await page.getByRole("button", { name: "Save budget" }).click();
  await expectRefused(page, "Funding tracker [0-9-]+", [/budget/i]);
  await expect(budget).toHaveValue("a lot");
  // With script, the error summary link moves focus to the field.
  await page.getByRole("alert").getByRole("link").first().click();
  await expect(budget).toBeFocused();
});

test("council officer: the queue filtered by status and by waiting time, and a decided request", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/funding");
  const filters = page.getByRole("search", { name: "Funding requests" });
  await filters.getByLabel("Status").selectOption({ label: "Declined" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=declined/);
  await expectNoAxeViolations(page);
  await follow(page, /^HNF-|^SIS-/);
  await expect(page.getByText("Status: Declined", { exact: true })).toBeVisible();
  await follow(page, "Correct the decision", "Correct the decision");

  await page.goto("/funding?age=7");
  await expect(page.getByRole("search", { name: "Funding requests" }).getByLabel("Waiting")).toHaveValue("7");
  await expectNoAxeViolations(page);
});

test("council officer: the funding settings, a scheme and a reason, with their errors", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/funding-settings");
  await expect(page.getByRole("heading", { level: 1, name: "Funding settings" })).toBeVisible();
  await page.getByRole("button", { name: "Add reason" }).click();
  await expectRefused(page, "Funding settings", [/reason/i]);

  const schemes = page.getByRole("table", { name: "Funding schemes" });
  await expect(schemes.getByRole("columnheader", { name: "Target to decide" })).toBeVisible();
  await expect(schemes.getByRole("row").filter({ hasText: "EHC plan top-up" })).toContainText("20 working days");

  await follow(page, "EHC plan top-up", "EHC plan top-up");
  const target = page.getByLabel("Target working days to decide");
  await expect(target).toHaveValue("20");
  await expect(target).toHaveAccessibleDescription(/requests already sent keep theirs/);
  await page.getByLabel("Name", { exact: true }).fill("");
  await target.fill("0");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expectRefused(page, "EHC plan top-up", [/name/i, "Enter the target to decide as a whole number of working days from 1 to 100"]);
  await expect(page.getByLabel("Target working days to decide")).toHaveValue("0");

  await page.goto("/council/funding-settings");
  await follow(page, "Part of the provision is funded elsewhere", "Decision reason");
  await page.getByLabel("Reason", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save wording" }).click();
  await expectRefused(page, "Decision reason", [/reason/i]);

  await page.goto("/council/funding-settings/schemes/new");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByLabel("Target working days to decide")).toHaveValue("20");
  await expectNoAxeViolations(page);
});

test("with JavaScript, a change refused because someone else saved first shows their change, and the next try is saved", async ({ page, context }) => {
  // A pupil of this test's own, so no other spec sees the changes.
  await signIn(page, "senco@riverside.example");
  await page.goto("/pupils/new");
  await page.getByLabel("Legal first name").fill("Robin");
  await page.getByLabel("Legal last name").fill("Ashdown");
  await page.getByLabel("Date of birth").fill("2012-05-01");
  await page.getByLabel("Year group").selectOption({ label: "Year 9" });
  await page.getByRole("radio", { name: /^SEN support/ }).check();
  await page.getByLabel("Primary need", { exact: true }).selectOption({ label: "Moderate learning difficulty (MLD)" });
  await page.getByRole("button", { name: "Add pupil" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("The pupil has been added to the register.");
  const edit = `${new URL(page.url()).pathname}/edit`;

  // Two tabs on the same form; the first saves a new year group.
  const other = await context.newPage();
  await other.goto(edit);
  await page.goto(edit);
  await page.getByLabel("Year group").selectOption({ label: "Year 10" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(summaryValue(page, "Year group")).toHaveText("Year 10");

  // The second is told, sees the record as saved now beside what they typed, and can save again.
  await other.getByLabel("Legal first name").fill("Robyn");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Someone else changed this record");
  await expect(other).toHaveTitle(/^Error: /);
  await expect(other.getByRole("heading", { level: 2, name: "The record as it is saved now" })).toBeVisible();
  await expect(summaryValue(other, "Year group")).toHaveText("Year 10");
  await expect(other.getByLabel("Legal first name")).toHaveValue("Robyn");
  await expectNoAxeViolations(other);
  await other.getByLabel("Year group").selectOption({ label: "Year 10" });
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByRole("alert").filter({ hasText: "Success" })).toContainText("The pupil's record has been changed.");
  await expect(other.getByRole("heading", { level: 1, name: "Robyn Ashdown" })).toBeVisible();
  await expect(summaryValue(other, "Year group")).toHaveText("Year 10");
});

test.describe("keyboard only", () => {
  /**
   * Whether the focused element shows the GOV.UK focus style: a yellow outline or a yellow background. Two tab
   * stops are the browser's own: its window (when Tab goes past the page's last link) and the calendar button
   * inside a date field (the field is the active element but does not match :focus), which has its own ring.
   */
  const focusShown = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return "shown";
      if (el instanceof HTMLInputElement && el.type === "date" && !el.matches(":focus")) return "shown";
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && style.outlineColor === "rgb(255, 221, 0)";
      const background = style.backgroundColor === "rgb(255, 221, 0)";
      return outline || background ? "shown" : `not shown on ${el.outerHTML.slice(0, 100)}`;
    });

  /** Presses Tab until `target` has focus, checking at every stop on the way that focus can be seen. */
  async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>) {
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press("Tab");
      expect(await focusShown(page)).toBe("shown");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error("Tab never reached the target");
  }

  test("a SENCO starts, fills in and sends a request with the keyboard alone, seeing where focus is at every step", async ({ page }) => {
    test.setTimeout(90_000);
    const fy = Number(/^(\d{4})/.exec(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()))![1]);
    const year = new Date().getMonth() >= 3 ? fy : fy - 1;
    await signIn(page, "senco@oakfield.example");
    await page.goto("/funding/new");

    const hnf = page.getByRole("radio", { name: "High Needs Funding (mainstream, no EHC plan)" });
    await tabTo(page, page.getByRole("radio").first());
    await page.keyboard.press("Space");
    for (let i = 0; i < 5 && !(await hnf.isChecked()); i++) await page.keyboard.press("ArrowDown");
    await expect(hnf).toBeChecked();
    await tabTo(page, page.getByRole("button", { name: "Start request" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/edit\?started=1$/);

    // The task list (issue 14): each section's link, then its page, then back to the list.
    const openSection = async (name: string) => {
      const link = page.getByRole("link", { name, exact: true });
      await tabTo(page, link);
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    };
    const saveAndContinue = async () => {
      await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/edit\?saved=1$/);
    };

    await openSection("Pupil");
    const pupil = page.getByLabel("Pupil", { exact: true });
    await tabTo(page, pupil);
    await page.keyboard.type("Finn");
    await expect(pupil.locator("option:checked")).toHaveText(/^Finn Young/);
    await saveAndContinue();

    // The parents' consent (issue 8): who, when (the GOV.UK date input) and how.
    await openSection("Parental consent");
    await tabTo(page, page.getByLabel("Who gave consent"));
    await page.keyboard.type("Kim Young, mother");
    const consentDate = dateInput(page, "Date consent was given");
    await tabTo(page, consentDate.getByLabel("Day"));
    for (const [i, part] of ["1", "4", String(year)].entries()) {
      if (i > 0) await page.keyboard.press("Tab");
      await page.keyboard.type(part);
    }
    await tabTo(page, page.getByRole("radio", { name: "In writing (a signed form or letter)" }));
    await page.keyboard.press("Space");
    await saveAndContinue();

    // The GOV.UK date input: Day, Month, Year, in UK order, one box after another with Tab.
    await openSection("Period of funding");
    const start = dateInput(page, "Start date");
    await tabTo(page, start.getByLabel("Day"));
    for (const [i, part] of ["1", "9", String(year)].entries()) {
      if (i > 0) await page.keyboard.press("Tab");
      await page.keyboard.type(part);
    }
    const end = dateInput(page, "End date");
    await tabTo(page, end.getByLabel("Day"));
    for (const [i, part] of ["31", "3", String(year + 1)].entries()) {
      if (i > 0) await page.keyboard.press("Tab");
      await page.keyboard.type(part);
    }
    await expectDate(page, "Start date", `${year}-09-01`);
    await expectDate(page, "End date", `${year + 1}-03-31`);
    // Enter in a field does what the page's main button does: "Save and continue".
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/edit\?saved=1$/);

    await openSection("Provision plan");
    const line = page.getByRole("group", { name: "Line 1" });
    for (const [label, value] of [
      ["Provision", "Small-group social communication sessions"],
      ["Delivered by", "Specialist teaching assistant"],
      ["Hours a week", "10"],
      ["Weeks", "36"],
      ["Cost in pounds", "9000"],
    ] as const) {
      await tabTo(page, line.getByLabel(label));
      await page.keyboard.type(value);
    }
    await saveAndContinue();

    // An amount that is too big: Enter in the field sends the form ("Save and continue").
    await openSection("Amount requested");
    const amount = page.getByLabel("Amount requested, in pounds");
    await tabTo(page, amount);
    await page.keyboard.type("250000");
    await page.keyboard.press("Enter");
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary.getByRole("link", { name: "Amount requested must be £200,000 or less" })).toBeVisible();
    // Focus is on the error summary; Tab reaches its link, and Enter moves focus to the field.
    await expect(page.locator('[aria-labelledby="error-summary-title"]')).toBeFocused();
    expect(await focusShown(page)).toBe("shown");
    await tabTo(page, summary.getByRole("link").first());
    await page.keyboard.press("Enter");
    await expect(amount).toBeFocused();
    await expect(amount).toHaveValue("250000");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("3000");
    // Following the link moved focus only: the summary and what was typed are still on the page (a fragment
    // navigation used to drop the action's reply, and the form came back empty).
    await tabTo(page, page.getByRole("button", { name: "Save and continue" }));
    await expect(summary).toBeVisible();
    await expect(amount).toHaveValue("3000");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/edit\?saved=1$/);

    await openSection("Evidence");
    for (const label of HNF_EVIDENCE) {
      await tabTo(page, page.getByLabel(label));
      await page.keyboard.type("Yes, as the provision map shows.");
    }
    await saveAndContinue();
    await tabTo(page, page.getByRole("link", { name: "Check your answers and send the request to your headteacher" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your request" })).toBeVisible();
    await expect(summaryValue(page, "Pupil")).toHaveText("Finn Young");
    await expect(summaryValue(page, "Amount requested")).toHaveText("£3,000.00");

    await tabTo(page, page.getByRole("button", { name: "Send to headteacher" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 2, name: "Request sent to your headteacher" })).toBeVisible();
  });
});

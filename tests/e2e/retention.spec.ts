import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Retention (issue 12, ADR 60): a SENCO records that a pupil left long ago; the administrator changes how long
// records are kept (a wrong number refused in words), sees the dry run (schools and counts, no child), confirms a
// run, and the pupil's record names no one; the privacy notice says the period. Once with JavaScript, once without.
// The two tests share the council's one setting: they run one after the other, and put it back to 6 years.
test.describe.configure({ mode: "serial" });

/** A pupil added to Oakfield's register in 2010 who left in 2015; the record's path. */
async function addLeaver(page: Page, lastName: string): Promise<string> {
  await signIn(page, "senco@oakfield.example");
  await page.goto("/pupils/new");
  await page.getByLabel("Legal first name").fill("Ffion");
  await page.getByLabel("Legal last name").fill(lastName);
  await fillDate(page, "Date of birth", "2003-05-01");
  await page.getByLabel("Year group").selectOption({ label: "Year 6" });
  await page.getByRole("radio", { name: /^SEN support/ }).check();
  await page.getByLabel("Primary need", { exact: true }).selectOption({ label: "Moderate learning difficulty (MLD)" });
  await fillDate(page, "Date added to the register", "2010-09-01");
  await page.getByRole("button", { name: "Add pupil" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Success" })).toBeVisible();
  const record = new URL(page.url()).pathname;
  await fillDate(page, "Date left", "2015-07-20");
  await page.getByRole("button", { name: "Mark as left" }).click();
  await expect(page.getByRole("main")).toContainText("20 July 2015");
  await signOut(page);
  return record;
}

async function setPeriod(page: Page, years: string) {
  await page.goto("/admin/retention");
  await page.getByLabel("Years records are kept after a pupil leaves").fill(years);
  await page.getByRole("button", { name: "Save settings" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test(`${javaScriptEnabled ? "with" : "without"} JavaScript: the admin changes the period, sees the dry run, runs it; the privacy notice says it`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const lastName = javaScriptEnabled ? "Leaver-js" : "Leaver-nojs";
    const record = await addLeaver(page, lastName);

    await signIn(page, "admin@kent.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data retention" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Data retention" })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await setPeriod(page, "0");
    await expect(page).toHaveTitle(/^Error: Data retention/);
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toContainText("Enter the number of years as a whole number from 1 to 40");
    await expect(page.getByLabel("Years records are kept after a pupil leaves")).toHaveValue("0");
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await setPeriod(page, "7");
    await expect(page.getByRole("alert").filter({ hasText: "Done" })).toContainText("The retention settings are saved.");
    await expect(page.getByLabel("Years records are kept after a pupil leaves")).toHaveValue("7");
    // The dry run: Oakfield, counted, the earliest leaving date, and no child named.
    const dryRun = page.getByRole("table", { name: "Pupils to anonymise, by school" });
    await expect(dryRun.getByRole("row").filter({ hasText: "Oakfield Primary School" })).toContainText("20 July 2015");
    await expect(page.getByRole("main")).not.toContainText(lastName);

    await page.getByRole("link", { name: "Anonymise these records now" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /^Anonymise the records of \d+ pupils?\?$/ })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Yes, anonymise them now" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Retention run finished" })).toContainText("anonymised");
    await expect(page.getByRole("main")).toContainText("there is nothing to anonymise");
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await page.goto("/privacy");
    await expect(page.getByRole("main")).toContainText("we keep their records for 7 years after the date they left");
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    // Back to the council's default, which the privacy notice says again.
    await setPeriod(page, "6");
    await expect(page.getByRole("alert").filter({ hasText: "Done" })).toBeVisible();
    await page.goto("/privacy");
    await expect(page.getByRole("main")).toContainText("for 6 years after the date they left");
    await signOut(page);

    // The school's register still counts the pupil, as left, naming no one.
    await signIn(page, "senco@oakfield.example");
    await page.goto(record);
    await expect(page.getByRole("main")).toContainText("Anonymised pupil");
    await expect(page.getByRole("main")).not.toContainText(lastName);
    await context.close();
  });
}

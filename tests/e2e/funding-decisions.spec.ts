import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, signOut, summaryValue } from "./helpers.ts";

// Issue 8: an officer decides through the check page (going back once to change, with what was typed kept),
// opens the decision letter, then the school's SENCO records the first review of the award. Once with JavaScript
// (axe on every page reached) and once without. Each run decides a different seeded request waiting in the queue
// (Riverside's High Needs Funding request; Oakfield's school-level one), so the runs can share the demo database.

type Run = { school: string; scheme: RegExp; senco: string; axe: boolean };

async function decideThroughCheck(page: Page, run: Run): Promise<string> {
  await signIn(page, "officer@kent.example");
  await page.goto("/funding?status=submitted");
  const row = page.getByRole("row").filter({ hasText: run.school }).filter({ hasText: run.scheme }).first();
  const reference = (await row.getByRole("link", { name: /^[A-Z]+-\d{4}-\d{5}$/ }).textContent())!;
  await page.goto(`/funding/${reference}/decide`);
  await expect(page.getByRole("heading", { level: 1, name: "Record a decision" })).toBeVisible();
  if (run.axe) await expectNoAxeViolations(page);

  await page.getByRole("radio", { name: /^Approved/ }).check();
  await page.getByLabel("Explanation for the school (optional)").fill("Meets every criterion; the LIFT notes show the need.");
  await page.getByRole("button", { name: "Continue to check the decision" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your decision before recording it" })).toBeVisible();
  await expect(summaryValue(page, "Decision")).toHaveText(/^Approved/);
  if (run.axe) await expectNoAxeViolations(page);

  // Back to change: every answer is still there.
  await page.getByRole("button", { name: "Change your answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a decision" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Approved/ })).toBeChecked();
  await expect(page.getByLabel("Explanation for the school (optional)")).toHaveValue("Meets every criterion; the LIFT notes show the need.");
  await page.getByRole("button", { name: "Continue to check the decision" }).click();
  await page.getByRole("button", { name: "Confirm and record the decision" }).click();

  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/decided$`));
  await expect(page.getByRole("heading", { level: 1, name: "Decision recorded" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Next request in your queue: [A-Z]+-\d{4}-\d{5}$|^Back to the funding queue$/ })).toBeVisible();
  if (run.axe) await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Read the decision letter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Decision on funding request ${reference}` })).toBeVisible();
  await expect(summaryValue(page, "Outcome")).toHaveText("Approved");
  await expect(page.getByRole("heading", { level: 2, name: "How to ask for a review of this decision" })).toBeVisible();
  await expect(page.getByText("Meets every criterion; the LIFT notes show the need.")).toBeVisible();
  await expect(summaryValue(page, "Pupil")).toHaveCount(0);
  if (run.axe) await expectNoAxeViolations(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download this letter as a PDF" }).click();
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^decision-letter-${reference}-\\d+\\.pdf$`));
  await signOut(page);
  return reference;
}

async function sencoRecordsReview(page: Page, run: Run, reference: string) {
  await signIn(page, run.senco);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding reviews" }).click();
  await page.getByRole("link", { name: "All not yet recorded" }).click();
  if (run.axe) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: new RegExp(`^${reference}, review 1 of \\d+$`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Review 1 of \d+$/ })).toBeVisible();

  // Nothing answered: the errors say what is needed, and what was typed stays.
  await page.getByLabel("Changes to the provision (optional)").fill("Move one session to small-group work.");
  await page.getByRole("button", { name: "Record the review" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Say whether the provision continues");
  await expect(page.getByLabel("Changes to the provision (optional)")).toHaveValue("Move one session to small-group work.");
  if (run.axe) await expectNoAxeViolations(page);

  await page.getByLabel("Progress against the plan's outcomes").fill("Targets 1 and 2 met; reading age up six months.");
  await page.getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("button", { name: "Record the review" }).click();
  await expect(page).toHaveURL(/\/funding\/reviews\/\d+\?done=recorded$/);
  await expect(page.getByText(`Review 1 of ${reference} has been recorded.`)).toBeVisible();
  await expect(summaryValue(page, "Provision continues")).toHaveText("Yes");
  if (run.axe) await expectNoAxeViolations(page);
}

test.describe("with JavaScript", () => {
  test("an officer decides through the check page and opens the letter; the SENCO records the first review", async ({ page }) => {
    const run = { school: "Riverside Academy", scheme: /High Needs Funding/, senco: "senco@riverside.example", axe: true };
    const reference = await decideThroughCheck(page, run);
    await sencoRecordsReview(page, run, reference);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same journey with plain HTML forms", async ({ page }) => {
    const run = { school: "Oakfield Primary School", scheme: /SEN inclusion support/, senco: "senco@oakfield.example", axe: false };
    const reference = await decideThroughCheck(page, run);
    await sencoRecordsReview(page, run, reference);
  });
});

import { expect, type Page, test } from "@playwright/test";
import { currentFinancialYear, financialYearLabel } from "../../app/domain/financial-year.ts";
import {
  expectDate,
  expectNoAxeViolations,
  fillDate,
  HNF_EVIDENCE,
  NOTIFICATIONS_LINK,
  NOTIFICATIONS_LINK_UNREAD,
  signIn,
  signOut,
  summaryValue,
} from "./helpers.ts";

// The core journey in a real browser, as the people would do it: a SENCO drafts a High Needs Funding
// request for a pupil on the register and sends it, the headteacher signs it off from the notification, a
// council officer finds it in the queue and awards part of it, and the headteacher sees the award. Once with
// JavaScript (axe on every page reached, error states included) and once without any.
//
// Each run makes its own request (and chooses its own pupil, one with no open request or award this year) and asserts only on that request, so the two runs
// and every other spec can share the demo database in any order.

const HNF = "High Needs Funding (mainstream, no EHC plan)";
const FY = currentFinancialYear();
const PERIOD = { start: `${FY}-09-01`, end: `${FY + 1}-03-31` }; // seven monthly payments


/** Matches text that ends with `text` (after a field's hint, say). */
function endsWith(text: string) {
  return new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

interface Journey {
  /** A current Oakfield pupil ("First Last"), different for each run. */
  pupil: string;
  /** axe needs script in the page: only with JavaScript on. */
  axe: boolean;
}

/** A task's status on the draft's task list. */
function taskStatus(page: Page, name: string) {
  return page.locator(`#draft-${TASK_KEYS[name]}-status`);
}
const TASK_KEYS: Record<string, string> = { Pupil: "pupil", "Parental consent": "consent", "Period of funding": "period", "Provision plan": "plan", "Amount requested": "amount", Evidence: "evidence" };

async function checked(page: Page, journey: Journey) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  if (journey.axe) await expectNoAxeViolations(page);
}

/** The SENCO drafts and sends the request; returns its reference. */
async function sencoDraftsAndSends(page: Page, journey: Journey): Promise<string> {
  await signIn(page, "senco@oakfield.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding requests" }).click();
  await expect(page).toHaveURL(/\/funding$/);
  await checked(page, journey);

  await page.getByRole("link", { name: "Start a new funding request" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Start a funding request" })).toBeVisible();
  await checked(page, journey);

  // Starting without choosing a kind of funding is refused with the GOV.UK error pattern.
  await page.getByRole("button", { name: "Start request" }).click();
  await expect(page).toHaveTitle(/^Error: Start a funding request - /);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Select the kind of funding");
  await checked(page, journey);

  await page.getByRole("radio", { name: HNF }).check();
  await page.getByRole("button", { name: "Start request" }).click();
  await expect(page).toHaveURL(/\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
  const reference = /\/funding\/(HNF-\d{4}-\d{5})\//.exec(page.url())![1]!;
  await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText(`Your draft request ${reference} has been started`);
  await checked(page, journey);

  // Issue 14: the draft is a task list; each section is its own page with a back link.
  await expect(page.getByText("You have completed 0 of 6 tasks.")).toBeVisible();
  await expect(taskStatus(page, "Pupil")).toHaveText("Not started");
  const section = async (name: string) => {
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the request" })).toHaveAttribute("href", `/funding/${reference}/edit`);
  };
  const saveAndContinue = async () => {
    await page.getByRole("button", { name: "Save and continue" }).click();
  };
  const backOnTheList = async () => {
    await expect(page).toHaveURL(new RegExp(`/funding/${reference}/edit\\?saved=1$`));
    await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText(`Your draft ${reference} has been saved`);
  };

  // The pupil, from the school's register (shown with their UPN).
  await section("Pupil");
  await checked(page, journey);
  const pupil = page.getByLabel("Pupil", { exact: true });
  const option = (await pupil.getByRole("option", { name: journey.pupil }).textContent())!;
  await pupil.selectOption({ label: option });
  await saveAndContinue();
  await backOnTheList();
  await expect(taskStatus(page, "Pupil")).toHaveText("Completed");
  await expect(taskStatus(page, "Period of funding")).toHaveText("Not started");

  // The parents' consent (issue 8): who gave it, when (not in the future) and how.
  await section("Parental consent");
  await page.getByLabel("Who gave consent").fill("Jo Parent, mother");
  await fillDate(page, "Date consent was given", `${FY}-04-02`);
  await page.getByRole("radio", { name: "In a meeting with the school" }).check();
  await saveAndContinue();
  await backOnTheList();
  await expect(taskStatus(page, "Parental consent")).toHaveText("Completed");

  // The period in the GOV.UK date input, day first: 1 9 and 31 3. First with an end date that does not exist,
  // saved as a draft: the start date is saved all the same, and the page says the end date was not.
  await section("Period of funding");
  await fillDate(page, "Start date", PERIOD.start);
  await fillDate(page, "End date", `${FY + 1}-02-31`);
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page).toHaveTitle(new RegExp(`^Error: Period of funding - ${reference} - `));
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The end date must be a real date");
  await expect(page.getByText("What you entered without an error has been saved.")).toBeVisible();
  await expectDate(page, "End date", `${FY + 1}-02-31`);
  await checked(page, journey);
  // Reloaded, the page shows what was stored: the start date, nothing lost that could be kept.
  await page.goto(`/funding/${reference}/edit/period`);
  await expectDate(page, "Start date", PERIOD.start);
  await expect(page).toHaveTitle(new RegExp(`^Period of funding - ${reference} - `));
  await fillDate(page, "End date", PERIOD.end);
  await saveAndContinue();
  await backOnTheList();
  await expect(taskStatus(page, "Period of funding")).toHaveText("Completed");

  // The first costed line, then "Save and add another line" for the second.
  await section("Provision plan");
  const line1 = page.getByRole("group", { name: "Line 1" });
  await line1.getByLabel("Provision").fill("1:1 teaching assistant support in lessons");
  await line1.getByLabel("Delivered by").fill("Level 3 teaching assistant");
  await line1.getByLabel("Hours a week").fill("15");
  await line1.getByLabel("Weeks").fill("30");
  await line1.getByLabel("Cost in pounds").fill("7,200");
  await page.getByRole("button", { name: "Save and add another line" }).click();
  await expect(page).toHaveURL(/\/edit\/plan\?saved=1&lines=1#section-lines$/);
  await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText("The plan has been saved");
  // Line 1 is kept (as saved, or as typed when the page did not reload), and line 2 is a new, blank line.
  await expect(page.getByRole("group", { name: "Line 1" }).getByLabel("Cost in pounds")).toHaveValue(/^7,?200$/);
  await expect(page.getByRole("group", { name: "Line 2" }).getByLabel("Provision")).toHaveValue("");
  await checked(page, journey);

  const line2 = page.getByRole("group", { name: "Line 2" });
  await line2.getByLabel("Provision").fill("Speech and language programme");
  await line2.getByLabel("Delivered by").fill("Speech and language therapist");
  await line2.getByLabel("Hours a week").fill("1.5");
  await line2.getByLabel("Weeks").fill("12");
  await line2.getByLabel("Cost in pounds").fill("2800");
  await saveAndContinue();
  await backOnTheList();
  await expect(taskStatus(page, "Provision plan")).toHaveText("Completed");

  // An amount that is not money: it is not saved, the error says what to type, and what was typed is still there.
  await section("Amount requested");
  await expect(page.getByText("you can request up to £4,000.00")).toBeVisible();
  const amount = page.getByLabel("Amount requested, in pounds");
  await amount.fill("four thousand");
  await saveAndContinue();
  await expect(page).toHaveTitle(new RegExp(`^Error: Amount requested - ${reference} - `));
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  const moneyError = "Enter the amount requested in pounds, like 12500 or 12,500.50";
  await expect(summary.getByRole("link")).toHaveText([moneyError]);
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(amount).toHaveAccessibleDescription(endsWith(`Error: ${moneyError}`));
  await expect(amount).toHaveValue("four thousand");
  await checked(page, journey);
  if (journey.axe) {
    // With script, the summary takes focus when it appears, and its link moves focus to the field.
    await expect(page.locator('[aria-labelledby="error-summary-title"]')).toBeFocused();
    await summary.getByRole("link", { name: moneyError }).click();
    await expect(amount).toBeFocused();
  }
  await amount.fill("4,000");
  await saveAndContinue();
  await backOnTheList();

  // Every evidence answer but the last: the answers are saved, and "Save and continue" says what is missing.
  await section("Evidence");
  const answer = (i: number) => `Yes: see section ${i + 1} of the provision map.`;
  for (const [i, label] of HNF_EVIDENCE.slice(0, -1).entries()) await page.getByLabel(label).fill(answer(i));
  await saveAndContinue();
  const last = page.getByLabel(HNF_EVIDENCE[7]!);
  const evidenceError = `Say how the request meets this: ${HNF_EVIDENCE[7]}`;
  await expect(summary.getByRole("link")).toHaveText([evidenceError]);
  await expect(page).toHaveTitle(new RegExp(`^Error: Evidence - ${reference} - `));
  await expect(last).toHaveAccessibleDescription(endsWith(`Error: ${evidenceError}`));
  await expect(page.getByLabel(HNF_EVIDENCE[0]!)).toHaveValue(answer(0));
  await expect(page.getByLabel(HNF_EVIDENCE[6]!)).toHaveValue(answer(6));
  await checked(page, journey);
  if (journey.axe) {
    await summary.getByRole("link", { name: evidenceError }).click();
    await expect(last).toBeFocused();
  }
  await last.fill(answer(7));
  await saveAndContinue();
  await backOnTheList();
  await expect(page.getByText("You have completed 6 of 6 tasks.")).toBeVisible();
  await checked(page, journey);
  await page.getByRole("link", { name: "Check your answers and send the request to your headteacher" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/check$`));
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your request" })).toBeVisible();
  await expect(summaryValue(page, "Scheme")).toHaveText(HNF);
  await expect(summaryValue(page, "Pupil")).toHaveText(journey.pupil);
  await expect(summaryValue(page, "Amount requested")).toHaveText("£4,000.00");
  await expect(summaryValue(page, "Total cost of the plan")).toHaveText("£10,000.00");
  const plan = page.getByRole("table", { name: "Provision plan" });
  await expect(plan.getByRole("row")).toHaveCount(3);
  await expect(plan.getByRole("row").nth(2)).toContainText("Speech and language therapist");
  await checked(page, journey);

  await page.getByRole("button", { name: "Send to headteacher" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}\\?done=sent$`));
  await expect(page.getByRole("heading", { level: 2, name: "Request sent to your headteacher" })).toBeVisible();
  await expect(page.getByText("Your reference")).toContainText(reference);
  await expect(page.getByText("Status: Awaiting headteacher", { exact: true })).toBeVisible();
  await checked(page, journey);
  await signOut(page);
  return reference;
}

/** The headteacher is told, opens the request from the notification and signs it off. */
async function headSignsOff(page: Page, journey: Journey, reference: string) {
  await signIn(page, "head@oakfield.example");
  const notifications = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: NOTIFICATIONS_LINK });
  await expect(notifications).toHaveAccessibleName(NOTIFICATIONS_LINK_UNREAD);
  await notifications.click();
  await expect(page).toHaveURL(/\/notifications$/);
  // An unread notification opens with a button that marks it read on the way.
  const notice = page.getByRole("button", { name: `Funding request ${reference} is waiting for your sign-off.`, exact: true });
  await expect(page.getByRole("row").filter({ has: notice })).toContainText("Unread");
  await checked(page, journey);

  await notice.click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}$`));
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await expect(page.getByText("Status: Awaiting headteacher", { exact: true })).toBeVisible();
  await expect(summaryValue(page, "Pupil")).toHaveText(journey.pupil);
  await checked(page, journey);

  // The sign-off is a declaration on its own page, under the request's summary (issue 8).
  await page.getByRole("link", { name: "Review and sign off the request" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/sign-off$`));
  await expect(page.getByRole("heading", { level: 1, name: `Sign off ${reference}` })).toBeVisible();
  await expect(summaryValue(page, "Who gave consent")).toHaveText("Jo Parent, mother");
  await page.getByRole("checkbox", { name: "I confirm the school has used its own resources first and the parents have given consent." }).check();
  await page.getByLabel("Comment for the council (optional)").fill("Signed off: the plan matches our provision map.");
  await page.getByRole("button", { name: "Sign off and send to the council" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}\\?done=sign_off$`));
  await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText(`${reference} has been signed off and sent to the council.`);
  await expect(page.getByText("Status: Submitted", { exact: true })).toBeVisible();
  await checked(page, journey);
  await signOut(page);
}

/** The officer finds the request in the queue, starts the review and awards part of it with a reason. */
async function officerAwardsPart(page: Page, journey: Journey, reference: string) {
  await signIn(page, "officer@kent.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding queue" }).click();
  await expect(page).toHaveURL(/\/funding$/);
  await expect(page.getByRole("heading", { level: 1, name: "Funding queue" })).toBeVisible();
  await checked(page, journey);

  const filters = page.getByRole("search", { name: "Funding requests" });
  await filters.getByLabel("Status").selectOption({ label: "Submitted" });
  await filters.getByLabel("District").selectOption({ label: "Maidstone" });
  await filters.getByLabel("Scheme").selectOption({ label: HNF });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/funding\?status=submitted&district=maidstone&scheme=\d+&age=&assigned=&due=&q=$/);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: reference }) });
  await expect(row).toContainText("Oakfield Primary School");
  await expect(row).toContainText("£4,000.00");
  // The queue names no pupil.
  await expect(page.getByRole("table")).not.toContainText(journey.pupil);
  await checked(page, journey);

  await row.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await expect(page.getByText("“Signed off: the plan matches our provision map.”")).toBeVisible();
  await checked(page, journey);

  await page.getByRole("button", { name: "Start review" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText(`${reference} is now in review.`);
  await expect(page.getByText("Status: In review", { exact: true })).toBeVisible();
  await checked(page, journey);

  await page.getByRole("link", { name: "Record a decision" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/decide$`));
  await expect(page.getByRole("heading", { level: 1, name: "Record a decision" })).toBeVisible();
  await expectDate(page, "Start date", PERIOD.start);
  await checked(page, journey);

  // A partial award needs an amount and a reason: without them, the errors say so, and the choice is kept.
  await page.getByRole("radio", { name: "Partly approved" }).check();
  await page.getByRole("button", { name: "Continue to check the decision" }).click();
  await expect(page).toHaveTitle(new RegExp(`^Error: Decide ${reference} - `));
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" }).getByRole("link")).not.toHaveCount(0);
  await expect(page.getByRole("radio", { name: "Partly approved" })).toBeChecked();
  await checked(page, journey);

  await page.getByLabel("Amount awarded, in pounds").fill("3,500");
  await page.getByLabel("Reason", { exact: true }).selectOption({ label: "Costs are higher than the provision needs" });
  await page.getByLabel("Explanation for the school (optional)").fill("The speech and language programme is funded by the NHS trust.");
  await page.getByRole("button", { name: "Continue to check the decision" }).click();
  // The check page: what will be recorded, before it is.
  await expect(page.getByRole("heading", { level: 1, name: "Check your decision before recording it" })).toBeVisible();
  await expect(summaryValue(page, "Amount awarded")).toHaveText("£3,500.00");
  await checked(page, journey);
  await page.getByRole("button", { name: "Confirm and record the decision" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/decided$`));
  await expect(page.getByRole("heading", { level: 1, name: "Decision recorded" })).toBeVisible();
  await checked(page, journey);
  await page.getByRole("link", { name: `Back to ${reference}` }).click();
  await expect(page.getByText("Status: Partly approved", { exact: true })).toBeVisible();
  await checked(page, journey);
  await signOut(page);
}

/** The headteacher sees the decision on the request and the award, paid monthly, in the tracker. */
async function headSeesAward(page: Page, journey: Journey, reference: string) {
  await signIn(page, "head@oakfield.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding requests" }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: reference }) });
  await expect(row).toContainText(journey.pupil);
  await expect(row).toContainText("Partly approved");
  await checked(page, journey);

  await row.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Decision" })).toBeVisible();
  await expect(summaryValue(page, "Decision")).toHaveText("Partly approved");
  await expect(summaryValue(page, "Amount awarded")).toHaveText("£3,500.00");
  await expect(summaryValue(page, "Reason")).toHaveText("Costs are higher than the provision needs");
  await expect(summaryValue(page, "Explanation")).toHaveText("The speech and language programme is funded by the NHS trust.");
  await checked(page, journey);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding tracker" }).click();
  await expect(page).toHaveURL(/\/funding\/tracker$/);
  await expect(page.getByRole("heading", { level: 1, name: `Funding tracker ${financialYearLabel(FY)}` })).toBeVisible();
  const award = page
    .getByRole("table", { name: `Awards by pupil, ${financialYearLabel(FY)}` })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: reference }) });
  await expect(award.getByRole("cell")).toHaveText([reference, journey.pupil, HNF, /^1 Sep(tember)? \d{4} to 31 Mar(ch)? \d{4}\s*7 months$/, "£3,500.00", "£500.00 a month"]);
  await checked(page, journey);
}

/** No mail server in these tests: the administrator reads the emails in the outbox, which name no child. */
async function adminReadsEmails(page: Page, journey: Journey, reference: string) {
  await signOut(page);
  await signIn(page, "admin@kent.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Email outbox" }).click();
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Waiting to send" }).click();
  await expect(page).toHaveURL(/\/admin\/outbox\?status=pending$/);
  const rows = page.getByRole("row").filter({ hasText: reference });
  // One email each step: sign-off to the headteacher, the council's officers, the school's decision; at least.
  await expect(rows.filter({ hasText: "head@oakfield.example" }).filter({ hasText: `Funding request ${reference}: waiting for your sign-off` })).toHaveCount(1);
  const decision = rows.filter({ hasText: "senco@oakfield.example" }).filter({ hasText: `Funding request ${reference}: partly approved` });
  await expect(decision).toHaveCount(1);
  await decision.getByText(`Funding request ${reference}: partly approved`).click();
  await expect(decision).toContainText(`Funding request ${reference} was partly approved by the council.`);
  await expect(decision).toContainText(new RegExp(`Link: \\S*/funding/${reference}(?!\\d)`));
  const [first, last] = journey.pupil.split(" ");
  await expect(page.getByRole("table")).not.toContainText(first!);
  await expect(page.getByRole("table")).not.toContainText(last!);
  await checked(page, journey);
}

async function wholeJourney(page: Page, journey: Journey) {
  const reference = await sencoDraftsAndSends(page, journey);
  await headSignsOff(page, journey, reference);
  await officerAwardsPart(page, journey, reference);
  await headSeesAward(page, journey, reference);
  await adminReadsEmails(page, journey, reference);
}

test.describe("with JavaScript", () => {
  test("SENCO drafts and sends, headteacher signs off, officer awards part, headteacher sees the award: axe on every page", async ({ page }) => {
    test.setTimeout(180_000);
    await wholeJourney(page, { pupil: "Amelia Hart", axe: true });
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same journey works with plain HTML forms and redirects", async ({ page }) => {
    test.setTimeout(120_000);
    await wholeJourney(page, { pupil: "Ella Walsh", axe: false });
  });
});
